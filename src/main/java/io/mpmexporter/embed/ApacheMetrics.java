package io.mpmexporter.embed;

import io.mpmexporter.BuildInfo;
import io.mpmexporter.DaemonThreads;
import io.mpmexporter.apache.ApacheCtl;
import io.mpmexporter.apache.ProcessCommandRunner;
import io.mpmexporter.apache.StatusClient;
import io.mpmexporter.metrics.ApacheCollector;
import io.mpmexporter.metrics.ExporterCollector;
import io.mpmexporter.poll.Poller;
import io.mpmexporter.poll.Snapshot;
import io.prometheus.client.CollectorRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The exporter's Apache metrics inside another JVM application, without the daemon's HTTP server:
 * the same polling (status page every poll interval, apachectl -V/-M less often, both on their own
 * daemon threads) and the same collectors, registered in the application's own registry.
 *
 * <pre>{@code
 * ApacheMetrics apache = ApacheMetrics.builder()
 *     .statusUrl("http://127.0.0.1/server-status?auto")
 *     .apachectl("apache2ctl")
 *     .expectedMpms("event")
 *     .build();
 * apache.register(CollectorRegistry.defaultRegistry);
 * apache.start();
 * ...
 * apache.close();
 * }</pre>
 */
public final class ApacheMetrics implements AutoCloseable {
  private final ExecutorService httpPool;
  private final ProcessCommandRunner runner;
  private final Poller poller;
  private final ApacheCollector apache;
  private final ExporterCollector self;

  private ApacheMetrics(Builder b) {
    httpPool = Executors.newFixedThreadPool(1, DaemonThreads.named("apache-metrics-http"));
    runner = new ProcessCommandRunner(1 << 20);
    StatusClient status = new StatusClient(b.statusUrl, b.timeout, b.maxBodyBytes, httpPool);
    ApacheCtl ctl = new ApacheCtl(b.apachectl, b.ctlTimeout, runner);
    poller = new Poller(status, ctl, b.pollInterval, b.ctlInterval, System::currentTimeMillis);
    apache = new ApacheCollector(poller::snapshot, b.expectedMpms, b.compat);
    self = new ExporterCollector(poller::snapshot, BuildInfo.version());
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers the Apache metrics and the poller's own ({@code apache_exporter_*}) in {@code
   * registry}.
   */
  public ApacheMetrics register(CollectorRegistry registry) {
    registry.register(apache);
    registry.register(self);
    return this;
  }

  /** Starts polling; the first polls run at once. */
  public ApacheMetrics start() {
    poller.start();
    return this;
  }

  /** The latest poll, for applications that want the values themselves. */
  public Snapshot snapshot() {
    return poller.snapshot();
  }

  /** Stops polling and kills a still-running apachectl. */
  @Override
  public void close() {
    poller.close();
    runner.close();
    httpPool.shutdownNow();
  }

  /** Settings, with the daemon's defaults. */
  public static final class Builder {
    private URI statusUrl = URI.create("http://localhost/server-status?auto");
    private List<String> apachectl = List.of("apachectl");
    private List<String> expectedMpms = List.of();
    private Duration timeout = Duration.ofSeconds(5);
    private Duration ctlTimeout = Duration.ofSeconds(10);
    private Duration pollInterval = Duration.ofSeconds(5);
    private Duration ctlInterval = Duration.ofSeconds(60);
    private int maxBodyBytes = 1 << 20;
    private boolean compat;

    private Builder() {}

    /** The mod_status URL in ?auto form. */
    public Builder statusUrl(String url) {
      URI u = URI.create(url);
      if (u.getScheme() == null || !u.getScheme().startsWith("http") || u.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL with a host: " + url);
      }
      this.statusUrl = u;
      return this;
    }

    /** The apachectl command as an argument list (never run through a shell). */
    public Builder apachectl(String... command) {
      if (command.length == 0) {
        throw new IllegalArgumentException("empty apachectl command");
      }
      this.apachectl = List.of(command);
      return this;
    }

    public Builder expectedMpms(String... mpms) {
      this.expectedMpms = List.of(mpms);
      return this;
    }

    public Builder timeout(Duration statusTimeout) {
      this.timeout = positive(statusTimeout);
      return this;
    }

    public Builder ctlTimeout(Duration timeout) {
      this.ctlTimeout = positive(timeout);
      return this;
    }

    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive(interval);
      return this;
    }

    public Builder ctlInterval(Duration interval) {
      this.ctlInterval = positive(interval);
      return this;
    }

    /** Also emit the Go apache_exporter's metric names. */
    public Builder compat(boolean on) {
      this.compat = on;
      return this;
    }

    public ApacheMetrics build() {
      return new ApacheMetrics(this);
    }

    private static Duration positive(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("must be positive: " + d);
      }
      return d;
    }
  }
}
