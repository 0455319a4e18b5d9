package io.mpmexporter.embed;

import io.mpmexporter.app.ApacheWatch;
import io.mpmexporter.base.BuildInfo;
import io.mpmexporter.config.ApacheAccess;
import io.mpmexporter.config.Config;
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
    try {
      watch = new ApacheWatch(b.settings(), "apache-metrics-http");
    } catch (UsageException e) {
      // An open status page over plain settings names no file to load: cannot happen.
      throw new IllegalStateException(e);
    }
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

  /** Settings, with the daemon's defaults: each one is its flag's declared default. */
  public static final class Builder {
    private URI statusUrl = ApacheAccess.STATUS_URL.defaultValue();
    private List<String> apachectl = ApacheAccess.CTL.defaultValue();
    private List<String> expectedMpms = Config.EXPECTED_MPM.defaultValue();
    private Duration timeout = ApacheAccess.TIMEOUT.defaultValue();
    private Duration ctlTimeout = ApacheAccess.CTL_TIMEOUT.defaultValue();
    private Duration pollInterval = Config.POLL_INTERVAL.defaultValue();
    private Duration ctlInterval = Config.CTL_INTERVAL.defaultValue();
    private int maxBodyBytes = ApacheAccess.STATUS_MAX_BYTES.defaultValue();
    private boolean compat = Config.COMPAT.defaultValue();

    private Builder() {}

    /** What the polling stack is built from (no advisor: it reads /proc, which an app may not). */
    ApacheWatch.Settings settings() {
      return new ApacheWatch.Settings(
          ApacheAccess.open(statusUrl, apachectl, timeout, ctlTimeout, maxBodyBytes),
          pollInterval,
          ctlInterval,
          null);
    }

    /** The MPMs that may run, as {@code build()} will use them. */
    List<String> expectedMpms() {
      return expectedMpms;
    }

    /** Whether the Go exporter's names will be emitted too. */
    boolean compat() {
      return compat;
    }

    /** The mod_status URL in ?auto form, checked as the daemon's --apache.status-url is. */
    public Builder statusUrl(String url) {
      try {
        URI parsed = ApacheAccess.STATUS_URL.parse(url);
        if (parsed.getRawUserInfo() != null) {
          throw new IllegalArgumentException(
              "credentials in the status URL are not supported here");
        }
        this.statusUrl = parsed;
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
