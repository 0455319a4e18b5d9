package io.mpmexporter.app;

import io.mpmexporter.advisor.AdvisorCollector;
import io.mpmexporter.advisor.AdvisorWatch;
import io.mpmexporter.apache.ApacheCtl;
import io.mpmexporter.apache.ProcessCommandRunner;
import io.mpmexporter.apache.StatusAccess;
import io.mpmexporter.apache.StatusClient;
import io.mpmexporter.base.DaemonThreads;
import io.mpmexporter.config.AdvisorConfig;
import io.mpmexporter.config.ApacheAccess;
import io.mpmexporter.config.Config;
import io.mpmexporter.config.UsageException;
import io.mpmexporter.log.Log;
import io.mpmexporter.metrics.ApacheCollector;
import io.mpmexporter.metrics.ExporterCollector;
import io.mpmexporter.poll.Poller;
import io.prometheus.client.Collector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The polling stack, built in one place for the daemon and for the embedding API: the status client
 * and its threads, the command runner and apachectl, the {@link Poller}, and the collectors that
 * read its snapshots. {@link #close()} stops all of it.
 */
public final class ApacheWatch implements AutoCloseable {
  /** Largest apachectl output kept (a -M list is a few KiB). */
  private static final int CTL_OUTPUT_CAP = 1 << 20;

  /**
   * What to watch and how often.
   *
   * @param apache how to reach Apache; an empty {@code ctlCommand}: no apachectl at all
   * @param advisor null or not enabled: no MPM advisor
   */
  public record Settings(
      ApacheAccess apache, Duration pollInterval, Duration ctlInterval, AdvisorConfig advisor) {

    /** These settings with another advisor configuration. */
    public Settings withAdvisor(AdvisorConfig other) {
      return new Settings(apache, pollInterval, ctlInterval, other);
    }

    /** The daemon's settings, as its flags give them. */
    public static Settings of(Config config) {
      return new Settings(
          config.apache(), config.pollInterval(), config.ctlInterval(), config.advisor());
    }
  }

  private final Settings settings;
  private final ExecutorService httpPool;
  private final ProcessCommandRunner runner;
  private final Poller poller;
  private final AdvisorWatch advisor;

  /**
   * @param threadName prefix of the status client's thread names
   * @throws UsageException a TLS or password file named by the settings cannot be used
   */
  public ApacheWatch(Settings settings, String threadName) throws UsageException {
    this.settings = settings;
    ApacheAccess apache = settings.apache();
    StatusAccess access = StatusAccessLoader.load(apache);
    httpPool = Executors.newFixedThreadPool(2, DaemonThreads.named(threadName));
    runner = new ProcessCommandRunner(CTL_OUTPUT_CAP);
    StatusClient status =
        new StatusClient(
            apache.statusUrl(), apache.timeout(), apache.statusMaxBytes(), httpPool, access);
    ApacheCtl ctl =
        apache.ctlCommand().isEmpty()
            ? null
            : new ApacheCtl(apache.ctlCommand(), apache.ctlTimeout(), runner);
    boolean advise = settings.advisor() != null && settings.advisor().enabled();
    if (advise && ctl == null && settings.advisor().pidFile() == null) {
      // A sidecar that sees only the status page: nothing tells it where Apache's processes are.
      Log.info(
          "advisor off: --apache.ctl= is empty and no --advisor.pid-file says where Apache runs");
      advise = false;
    }
    poller =
        new Poller(
            status,
            ctl,
            settings.pollInterval(),
            settings.ctlInterval(),
            System::currentTimeMillis,
            advise);
    advisor =
        !advise
            ? null
            : new AdvisorWatch(
                poller::snapshot,
                poller::runConfig,
                settings.advisor(),
                settings.advisor().interval(),
                Path.of("/proc"));
  }

  /** Apache's metrics and the poller's own ({@code apache_exporter_*}). */
  public List<Collector> collectors(List<String> expectedMpms, boolean compat, String version) {
    List<Collector> all = new ArrayList<>();
    all.add(new ApacheCollector(poller::snapshot, expectedMpms, compat));
    all.add(
        new ExporterCollector(
            poller::snapshot, version, !settings.apache().ctlCommand().isEmpty()));
    if (advisor != null) {
      all.add(new AdvisorCollector(advisor::reading));
    }
    return all;
  }

  public Poller poller() {
    return poller;
  }

  /** The MPM advisor, null when it is off. */
  public AdvisorWatch advisor() {
    return advisor;
  }

  /** Starts polling; the first polls run at once. */
  public void start() {
    poller.start();
    if (advisor != null) {
      advisor.start();
    }
  }

  /** Stops polling, kills a still-running apachectl, ends the client's threads. */
  @Override
  public void close() {
    if (advisor != null) {
      advisor.close();
    }
    poller.close();
    runner.close();
    httpPool.shutdownNow();
  }
}
