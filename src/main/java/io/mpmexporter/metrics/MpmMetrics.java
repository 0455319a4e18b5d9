package io.mpmexporter.metrics;

import io.mpmexporter.apache.CtlInfo;
import io.mpmexporter.mpm.Mpm;
import io.mpmexporter.poll.Snapshot;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import java.util.Set;

/**
 * The MPM families of a snapshot: running and configured (one series per known MPM, so a change
 * flips values rather than creating series), the restart that would apply a change, the operator's
 * expectation, threaded/forked, and the changes this exporter saw.
 */
final class MpmMetrics {
  private MpmMetrics() {}

  static void add(Snapshot s, List<String> expectedMpms, List<MetricFamilySamples> out) {
    String running = s.runningMpm();
    String configured = s.configuredMpm();
    Set<String> labels = Mpm.labels(running, configured);
    labels.addAll(expectedMpms);
    if (running != null) {
      out.add(
          oneOf(
              "apache_mpm_running",
              "The MPM Apache is running now (ServerMPM; -V on servers before 2.4.13).",
              labels,
              running));
    }
    if (configured != null) {
      out.add(
          oneOf(
              "apache_mpm_configured",
              "The MPM on disk that the next full start will load (apachectl -V).",
              labels,
              configured));
    }
    Boolean configOk = s.configTestOk();
    if (configOk != null) {
      out.add(
          ApacheCollector.gauge(
              "apache_config_test_ok",
              "1 if the configuration on disk passes apachectl -t; 0: the next start of Apache will"
                  + " fail.",
              configOk ? 1 : 0));
    }
    Boolean pending = s.restartPending();
    if (pending != null) {
      out.add(
          ApacheCollector.gauge(
              "apache_mpm_restart_pending",
              "1 if the configured MPM differs from the running one: only a full stop and start applies it,"
                  + " and a graceful reload would kill Apache.",
              pending ? 1 : 0));
    }
    expectation(running, expectedMpms, out);
    CtlInfo ctl = s.ctl();
    if (ctl != null && ctl.threaded() != null) {
      out.add(
          ApacheCollector.gauge(
              "apache_mpm_threaded",
              "1 if the configured MPM is threaded (apachectl -V).",
              ctl.threaded() ? 1 : 0));
    }
    if (ctl != null && ctl.forked() != null) {
      out.add(
          ApacheCollector.gauge(
              "apache_mpm_forked",
              "1 if the configured MPM forks processes (apachectl -V).",
              ctl.forked() ? 1 : 0));
    }
    out.add(
        ApacheCollector.counter(
            "apache_mpm_changes_total",
            "How often the running MPM changed while this exporter watched.",
            s.mpmChanges()));
    if (s.lastMpmChangeMillis() > 0) {
      out.add(
          ApacheCollector.gauge(
              "apache_mpm_last_change_timestamp_seconds",
              "When the running MPM last changed, seen by this exporter.",
              s.lastMpmChangeMillis() / 1000.0));
    }
  }

  /** apache_mpm_expected and, when an MPM runs, apache_mpm_unexpected; nothing without one. */
  static void expectation(
      String running, List<String> expectedMpms, List<MetricFamilySamples> out) {
    if (expectedMpms.isEmpty()) {
      return;
    }
    GaugeMetricFamily expected =
        new GaugeMetricFamily(
            "apache_mpm_expected",
            "The MPMs the operator expects (--apache.expected-mpm).",
            List.of("mpm"));
    expectedMpms.forEach(m -> expected.addMetric(List.of(m), 1));
    out.add(expected);
    if (running != null) {
      out.add(
          ApacheCollector.gauge(
              "apache_mpm_unexpected",
              "1 if the running MPM is not one of the expected MPMs.",
              expectedMpms.contains(running) ? 0 : 1));
    }
  }

  static MetricFamilySamples oneOf(String name, String help, Set<String> labels, String value) {
    GaugeMetricFamily g = new GaugeMetricFamily(name, help, List.of("mpm"));
    labels.forEach(m -> g.addMetric(List.of(m), m.equals(value) ? 1 : 0));
    return g;
  }
}
