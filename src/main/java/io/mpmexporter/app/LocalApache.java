package io.mpmexporter.app;

import io.mpmexporter.admin.AdminEndpoint;
import io.mpmexporter.admin.AdminMetrics;
import io.mpmexporter.admin.AdminServer;
import io.mpmexporter.config.Config;
import io.mpmexporter.config.UsageException;
import io.mpmexporter.jmx.ApacheView;
import io.mpmexporter.log.Log;
import io.mpmexporter.metrics.ExporterCollector;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The Apache this exporter watches on its own host — its poll, apachectl, advisor, JMX view and
 * admin API — or none at all with {@code --probe.only}, where only {@code /probe} reads Apaches and
 * {@code /metrics} carries the exporter's own series.
 */
final class LocalApache implements AutoCloseable {
  /** The snapshot a probe-only exporter's render cache compares with: it never changes. */
  private static final Object NO_SNAPSHOT = new Object();

  private final ApacheWatch watch;

  private LocalApache(ApacheWatch watch) {
    this.watch = watch;
  }

  /**
   * @throws UsageException a TLS or password file of the status page cannot be used
   */
  static LocalApache of(Config config) throws UsageException {
    if (config.probeOnly()) {
      return new LocalApache(null);
    }
    StatusAccessLoader.warn(config.apache());
    return new LocalApache(new ApacheWatch(ApacheWatch.Settings.of(config), "status-client"));
  }

  /** Apache's collectors and the poller's; only the build info with {@code --probe.only}. */
  void register(CollectorRegistry registry, Config config, String version) {
    if (watch == null) {
      new Collector() {
        @Override
        public List<MetricFamilySamples> collect() {
          return List.of(ExporterCollector.buildInfo(version));
        }
      }.register(registry);
      return;
    }
    watch.collectors(config.expectedMpms(), config.compat(), version).forEach(registry::register);
    try {
      ApacheView.register(watch.poller()::snapshot);
    } catch (javax.management.JMException e) {
      Log.warn("cannot register the JMX view", "err", e.toString());
    }
  }

  /** What /metrics' render cache compares by identity: a new one after every poll. */
  Supplier<Object> snapshot() {
    return watch == null ? () -> NO_SNAPSHOT : watch.poller()::snapshot;
  }

  /** /-/ready: the first polls done; always with {@code --probe.only}. */
  BooleanSupplier ready() {
    return watch == null ? () -> true : watch.poller()::ready;
  }

  /** What the landing page and the start line say is watched. */
  String watching(Config config) {
    return watch == null
        ? "no Apache of its own (--probe.only): see /probe"
        : config.apache().statusUrl().toString();
  }

  void start() {
    if (watch != null) {
      watch.start();
    }
  }

  /** The admin API when configured (never with {@code --probe.only}: the flags refuse it). */
  AdminServer startAdmin(Config config, AdminMetrics metrics) throws UsageException, IOException {
    if (config.admin() == null || watch == null) {
      return null;
    }
    return AdminEndpoint.start(
        config.admin(),
        watch.poller(),
        metrics,
        () -> watch.advisor() == null ? null : watch.advisor().memoryFigures());
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
  }
}
