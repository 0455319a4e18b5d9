package io.mpmexporter.advisor;

import io.mpmexporter.apache.RunConfig;
import io.mpmexporter.apache.StatusField;
import io.mpmexporter.apache.StatusPage;
import io.mpmexporter.base.DaemonThreads;
import io.mpmexporter.config.AdvisorConfig;
import io.mpmexporter.log.Log;
import io.mpmexporter.mpm.MemoryFigures;
import io.mpmexporter.mpm.MpmConfigReader;
import io.mpmexporter.mpm.MpmLimits;
import io.mpmexporter.poll.PollResult;
import io.mpmexporter.poll.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Measures Apache's memory every {@code --advisor.interval} and keeps the latest {@link Reading}:
 * the status page, {@code -V} and {@code -M} come from the poller's snapshot; the pid file and
 * ServerRoot from the poller's {@code apachectl -t -D DUMP_RUN_CFG} (run with {@code -V} and {@code
 * -M}, so never two apachectl at once); the processes from {@code /proc}. Scrapes only read {@link
 * #reading()}.
 */
public final class AdvisorWatch implements AutoCloseable {
  /** The latest outcome: advice, or why there is none. */
  public record Reading(Advice advice, String error) {
    static final Reading NONE = new Reading(null, "not measured yet");
  }

  private final Supplier<Snapshot> snapshots;
  private final Supplier<PollResult<RunConfig>> runConfigs;
  private final AdvisorConfig config;
  private final Duration interval;
  private final Path proc;
  private final ProcReader reader;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("advisor"));
  private volatile Reading reading = Reading.NONE;

  /**
   * @param runConfigs the last DUMP_RUN_CFG (null until one ran); without apachectl, {@code
   *     --advisor.pid-file} must be set
   * @param proc normally {@code /proc}
   */
  public AdvisorWatch(
      Supplier<Snapshot> snapshots,
      Supplier<PollResult<RunConfig>> runConfigs,
      AdvisorConfig config,
      Duration interval,
      Path proc) {
    this.snapshots = snapshots;
    this.runConfigs = runConfigs;
    this.config = config;
    this.interval = interval;
    this.proc = proc;
    this.reader = new ProcReader(proc);
  }

  public void start() {
    thread.scheduleWithFixedDelay(this::measure, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * The latest reading, but none while the status page cannot be read: between two measurements
   * (every --advisor.interval) no figure outlives a stopped Apache.
   */
  /**
   * The latest measurement as a switch needs it (a child's memory, the parent, the budget), null
   * when there is none now.
   */
  public MemoryFigures memoryFigures() {
    Advice a = reading().advice();
    if (a == null || a.children() == 0) {
      return null;
    }
    int tpc = "prefork".equals(a.runningMpm()) ? 1 : a.limits().threadsPerChild();
    return new MemoryFigures(
        a.runningMpm(),
        a.workerMemoryBytes() * tpc,
        a.memorySource(),
        a.parentRssBytes(),
        a.budgetBytes(),
        a.budgetSource());
  }

  public Reading reading() {
    Reading r = reading;
    if (r.advice() != null && snapshots.get().page() == null) {
      return new Reading(null, "the status page cannot be read now");
    }
    return r;
  }

  /** One measurement, kept for scrapes; logs when the outcome turns to an error or back. */
  void measure() {
    if (reading == Reading.NONE && !inputsRead()) {
      // The first status poll or DUMP_RUN_CFG has not ended yet: nothing to say; look again soon.
      if (!thread.isShutdown()) {
        thread.schedule(this::measure, 100, TimeUnit.MILLISECONDS);
      }
      return;
    }
    // A failed status poll leaves no page: an error reading, so no figure outlives Apache.
    Reading next = measureNow();
    Reading before = reading;
    reading = next;
    if (next.error() != null && !Objects.equals(next.error(), before.error())) {
      Log.warn("advisor cannot measure Apache", "err", next.error());
    } else if (next.error() == null && before.error() != null && before != Reading.NONE) {
      Log.info("advisor measures Apache again");
    }
  }

  /** True once the status page and (unless --advisor.pid-file names it) DUMP_RUN_CFG were read. */
  private boolean inputsRead() {
    return snapshots.get().status() != null
        && (config.pidFile() != null || runConfigs.get() != null);
  }

  /** One measurement now: advice, or why there is none. */
  public Reading measureNow() {
    try {
      return new Reading(AdviceRules.advise(observe()), null);
    } catch (IOException e) {
      return new Reading(null, e.getMessage());
    } catch (RuntimeException e) {
      return new Reading(null, e.toString());
    }
  }

  Observation observe() throws IOException {
    Snapshot s = snapshots.get();
    StatusPage page = s.page();
    String mpm = s.runningMpm();
    if (page == null || mpm == null) {
      throw new IOException("the status page has not been read (or names no MPM)");
    }
    RunConfig rc = runConfig();
    Path pidFile = config.pidFile() != null ? config.pidFile() : rc.pidFile();
    ApacheMemory memory = reader.read(ProcReader.pidFromFile(pidFile));
    return new Observation(
        mpm,
        s.loadedModules(),
        page.scoreboardCounts(),
        page.get(StatusField.CONNS_ASYNC_KEEPALIVE).orElse(Double.NaN),
        limits(mpm, rc, s.ctl() == null ? null : s.ctl().configFile()),
        memory,
        HostMemory.read(proc.resolve("meminfo")),
        config.memoryBudgetBytes());
  }

  /**
   * The MPM's limits: from --advisor.mpm-config when given; else from the whole configuration as
   * httpd reads it (the MPM's own file and any later snippet, e.g. a switch's capacity override);
   * httpd's defaults when neither can be read.
   *
   * @param configFile apachectl -V's SERVER_CONFIG_FILE, null when unknown
   */
  private MpmLimits limits(String mpm, RunConfig rc, String configFile) throws IOException {
    Path file = config.mpmConfig();
    if (file != null) {
      return Files.isReadable(file)
          ? MpmLimits.parse(mpm, Files.readString(file, StandardCharsets.UTF_8))
          : MpmLimits.defaults(mpm);
    }
    if (rc == null || rc.serverRoot() == null) {
      return MpmLimits.defaults(mpm);
    }
    Path main = rc.serverRoot().resolve(configFile == null ? "apache2.conf" : configFile);
    if (!Files.isReadable(main)) {
      return MpmLimits.defaults(mpm);
    }
    return MpmConfigReader.readWhatIsReadable(rc.serverRoot(), main, mpm).limits();
  }

  /** Where Apache runs; null when the flags say all DUMP_RUN_CFG would, or it cannot tell. */
  private RunConfig runConfig() throws IOException {
    if (config.pidFile() != null && config.mpmConfig() != null) {
      return null;
    }
    PollResult<RunConfig> rc = runConfigs.get();
    if (rc != null && rc.ok()) {
      return rc.value();
    }
    if (config.pidFile() != null) {
      return null; // only the MPM's config file is missing: httpd's defaults
    }
    throw new IOException(
        rc == null
            ? "apachectl -t -D DUMP_RUN_CFG has not run yet (it names the pid file)"
            : rc.errorMessage());
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
