package io.mpmexporter.metrics;

import io.mpmexporter.poll.PollResult;
import io.mpmexporter.poll.Snapshot;
import io.mpmexporter.poll.Source;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The exporter's own health: poll durations, errors by reason, last success, build info. */
public final class ExporterCollector extends Collector {
  private final Supplier<Snapshot> snapshots;
  private final String version;
  private final Set<Source> sources;

  /**
   * @param ctlEnabled false without apachectl: the {@code ctl_*} sources then have no series at all
   *     (rather than counters that never move), which is how rules tell "not polled" from "failing"
   */
  public ExporterCollector(Supplier<Snapshot> snapshots, String version, boolean ctlEnabled) {
    this.snapshots = snapshots;
    this.version = version;
    this.sources = ctlEnabled ? EnumSet.allOf(Source.class) : EnumSet.of(Source.STATUS);
  }

  /** {@code apache_exporter_build_info}: this exporter's version and the JVM's. */
  public static MetricFamilySamples buildInfo(String version) {
    GaugeMetricFamily build =
        new GaugeMetricFamily(
            "apache_exporter_build_info",
            "Version of this exporter and of the JVM it runs on.",
            List.of("version", "java_version"));
    build.addMetric(List.of(version, System.getProperty("java.version", "unknown")), 1);
    return build;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    Snapshot s = snapshots.get();
    List<MetricFamilySamples> out = new ArrayList<>();
    out.add(buildInfo(version));

    GaugeMetricFamily duration =
        new GaugeMetricFamily(
            "apache_exporter_poll_duration_seconds",
            "How long the last poll of each source took.",
            List.of("source"));
    CounterMetricFamily errors =
        new CounterMetricFamily(
            "apache_exporter_poll_errors_total",
            "Failed polls by source and reason.",
            List.of("source", "reason"));
    GaugeMetricFamily success =
        new GaugeMetricFamily(
            "apache_exporter_last_success_timestamp_seconds",
            "When each source was last polled successfully.",
            List.of("source"));
    for (Source source : sources) {
      PollResult<?> last = last(s, source);
      if (last != null) {
        duration.addMetric(List.of(source.label()), last.durationSeconds());
      }
      for (Map.Entry<String, Long> e : s.errors().get(source).entrySet()) {
        errors.addMetric(List.of(source.label(), e.getKey()), e.getValue());
      }
      Long at = s.lastSuccessMillis().get(source);
      if (at != null) {
        success.addMetric(List.of(source.label()), at / 1000.0);
      }
    }
    out.add(duration);
    out.add(errors);
    out.add(success);
    return out;
  }

  private static PollResult<?> last(Snapshot s, Source source) {
    return switch (source) {
      case STATUS -> s.status();
      case VERSION -> s.version();
      case MODULES -> s.modules();
      case CONFIGTEST -> s.configTest();
    };
  }
}
