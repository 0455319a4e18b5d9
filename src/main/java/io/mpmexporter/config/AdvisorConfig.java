package io.mpmexporter.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The MPM advisor's settings ({@code --advisor.*}).
 *
 * @param pidFile Apache's pid file; null: as {@code apachectl -t -D DUMP_RUN_CFG} names it
 * @param mpmConfig the running MPM's configuration file; null: {@code
 *     ServerRoot/mods-enabled/mpm_<running>.conf} (Debian), httpd's defaults when missing
 * @param memoryBudgetBytes the memory Apache may use; 0: MemAvailable plus what Apache holds now
 * @param interval how often to read /proc: PSS of 150 prefork children costs about 40 ms of CPU
 */
public record AdvisorConfig(
    boolean enabled, Path pidFile, Path mpmConfig, long memoryBudgetBytes, Duration interval) {}
