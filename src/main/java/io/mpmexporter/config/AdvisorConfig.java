package io.mpmexporter.config;

import static io.mpmexporter.config.Flag.Command.EXPORTER;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The MPM advisor's settings ({@code --advisor.*}).
 *
 * @param pidFile Apache's pid file; null: as {@code apachectl -t -D DUMP_RUN_CFG} names it
 * @param mpmConfig a file with the running MPM's limits; null: the whole configuration from
 *     ServerRoot's main file (httpd's defaults when unreadable)
 * @param memoryBudgetBytes the memory Apache may use; 0: MemAvailable plus what Apache holds now
 * @param interval how often to read /proc: PSS of 150 prefork children costs about 40 ms of CPU
 */
public record AdvisorConfig(
    boolean enabled, Path pidFile, Path mpmConfig, long memoryBudgetBytes, Duration interval) {

  public static final Flag<Boolean> ENABLED =
      Flag.toggle(
          "advisor.enabled",
          true,
          "Measure Apache's memory from /proc and export the MPM advice"
              + " (apache_mpm_recommended, apache_memory_overcommit_ratio, ...).",
          EXPORTER);
  public static final Flag<Duration> INTERVAL =
      Flag.of(
          "advisor.interval",
          FlagTypes.DURATION,
          "30s",
          "How often the advisor reads Apache's processes from /proc.",
          EXPORTER);
  public static final Flag<Path> PID_FILE =
      Flag.of(
          "advisor.pid-file",
          FlagTypes.PATH,
          "",
          "Apache's pid file (default: as apachectl -t -D DUMP_RUN_CFG names it).",
          EXPORTER);
  public static final Flag<Path> MPM_CONFIG =
      Flag.of(
          "advisor.mpm-config",
          FlagTypes.PATH,
          "",
          "A file with the running MPM's MaxRequestWorkers, read instead of the whole configuration"
              + " (default: ServerRoot's main file and its Includes, as httpd reads them).",
          EXPORTER);
  public static final Flag<Long> MEMORY_BUDGET =
      Flag.of(
          "advisor.memory-budget",
          FlagTypes.SIZE_OR_ZERO,
          "",
          "Memory Apache may use, e.g. 2GiB (default: MemAvailable plus what Apache holds).",
          EXPORTER);

  static final List<Flag<?>> FLAGS =
      List.of(ENABLED, INTERVAL, PID_FILE, MPM_CONFIG, MEMORY_BUDGET);

  static AdvisorConfig from(FlagValues v) throws UsageException {
    return new AdvisorConfig(
        v.get(ENABLED), v.get(PID_FILE), v.get(MPM_CONFIG), v.get(MEMORY_BUDGET), v.get(INTERVAL));
  }
}
