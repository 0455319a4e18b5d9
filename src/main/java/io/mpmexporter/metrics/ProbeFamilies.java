package io.mpmexporter.metrics;

import io.mpmexporter.apache.StatusPage;
import io.mpmexporter.mpm.Mpm;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The answer to one {@code /probe}: the same families as {@code /metrics} for what the target's
 * status page says, plus how the probe went. What needs local access to the target's host is not
 * here: {@code apachectl} (configured MPM, restart pending, config test, modules), the advisor, and
 * anything that needs history (start time, MPM changes, error counters).
 */
public final class ProbeFamilies {
  private ProbeFamilies() {}

  /**
   * @param page the target's status page, null when the probe failed
   * @param failureReason why it failed ({@code PollFailure}'s reasons), null when it did not
   * @param seconds how long the probe took
   * @param pageMillis when the page was read
   * @param expectedMpms the module's expected MPMs, empty for none
   * @param compat also the Go apache_exporter's names
   */
  public static List<MetricFamilySamples> of(
      StatusPage page,
      String failureReason,
      double seconds,
      long pageMillis,
      List<String> expectedMpms,
      boolean compat) {
    List<MetricFamilySamples> out = new ArrayList<>();
    out.add(
        ApacheCollector.gauge(
            "apache_up",
            "1 if the probe read the target's server-status?auto.",
            page != null ? 1 : 0));
    out.add(
        ApacheCollector.gauge(
            "apache_probe_duration_seconds", "How long the probe of the target took.", seconds));
    if (failureReason != null) {
      GaugeMetricFamily failed =
          new GaugeMetricFamily(
              "apache_probe_failed",
              "1 with the reason the probe failed (refused, timeout, tls, auth, http_4xx, ...).",
              List.of("reason"));
      failed.addMetric(List.of(failureReason), 1);
      out.add(failed);
    }
    if (page == null) {
      return out;
    }
    String running = page.serverMpm();
    if (running != null) {
      Set<String> labels = Mpm.labels(running);
      labels.addAll(expectedMpms);
      out.add(
          MpmMetrics.oneOf(
              "apache_mpm_running", "The MPM the target runs now (ServerMPM).", labels, running));
    }
    MpmMetrics.expectation(running, expectedMpms, out);
    ApacheCollector.pageFamilies(page, running, null, pageMillis, compat, out);
    if (compat) {
      CompatMetrics.add(page, null, out);
    }
    return out;
  }
}
