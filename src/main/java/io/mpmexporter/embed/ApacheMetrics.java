package io.mpmexporter.embed;

import io.mpmexporter.apache.StatusAccess;
import io.mpmexporter.app.ApacheWatch;
import io.mpmexporter.base.BuildInfo;
import io.mpmexporter.config.ConfigParser;
import io.mpmexporter.config.UsageException;
import io.mpmexporter.poll.Snapshot;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;

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
  private final ApacheWatch watch;
  private final List<Collector> collectors;

  private ApacheMetrics(Builder b) {
    watch =
        new ApacheWatch(
            new ApacheWatch.Settings(
                b.statusUrl,
                StatusAccess.NONE,
                b.apachectl,
                b.timeout,
                b.ctlTimeout,
                b.maxBodyBytes,
                b.pollInterval,
                b.ctlInterval,
                null),
            "apache-metrics-http");
    collectors = watch.collectors(b.expectedMpms, b.compat, BuildInfo.version());
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers the Apache metrics and the poller's own ({@code apache_exporter_*}) in {@code
   * registry}.
   */
  public ApacheMetrics register(CollectorRegistry registry) {
    collectors.forEach(registry::register);
    return this;
  }

  /** Starts polling; the first polls run at once. */
  public ApacheMetrics start() {
    watch.start();
    return this;
  }

  /** The latest poll, for applications that want the values themselves. */
  public Snapshot snapshot() {
    return watch.poller().snapshot();
  }

  /** Stops polling and kills a still-running apachectl. */
  @Override
  public void close() {
    watch.close();
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

    /** The mod_status URL in ?auto form, checked as the daemon's --apache.status-url is. */
    public Builder statusUrl(String url) {
      try {
        this.statusUrl = ConfigParser.statusUrl(url);
      } catch (UsageException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
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
