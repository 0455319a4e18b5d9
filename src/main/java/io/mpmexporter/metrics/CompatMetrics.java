package io.mpmexporter.metrics;

import io.mpmexporter.apache.CtlInfo;
import io.mpmexporter.apache.StatusField;
import io.mpmexporter.apache.StatusPage;
import io.mpmexporter.poll.Snapshot;
import io.mpmexporter.poll.Source;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CounterMetricFamily;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Go apache_exporter's names and units that ours do not share ({@code
 * --compat.apache-exporter}), so its dashboards and alert rules keep working. They do not pass
 * {@code promtool check metrics} (units in ms and kilobytes), which is why they are off by default.
 */
final class CompatMetrics {
  private static final Pattern VERSION = Pattern.compile("/(\\d+)\\.(\\d+)\\.(\\d+)");

  private CompatMetrics() {}

  /**
   * {@code apache_exporter_scrape_failures_total}: the Go exporter counts each scrape that could
   * not read the status page; here each failed status poll, whatever its reason (ours by reason is
   * {@code apache_exporter_poll_errors_total{source="status"}}). Present while Apache is down.
   */
  static void scrapeFailures(Snapshot s, List<MetricFamilySamples> out) {
    long failures =
        s.errors().get(Source.STATUS).values().stream().mapToLong(Long::longValue).sum();
    out.add(
        ApacheCollector.counter(
            "apache_exporter_scrape_failures_total",
            "Failed reads of the status page (compat).",
            failures));
  }

  static void add(StatusPage page, CtlInfo ctl, List<MetricFamilySamples> out) {
    String version =
        page.serverVersion() != null ? page.serverVersion() : ctl == null ? null : ctl.version();
    if (version != null) {
      Matcher m = VERSION.matcher(version);
      if (m.find()) {
        // The incumbent's encoding: 2.4.71 -> 2.04071.
        double v =
            Double.parseDouble(
                String.format(
                    java.util.Locale.ROOT,
                    "%d.%02d%03d",
                    Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3))));
        out.add(ApacheCollector.gauge("apache_version", "Apache server version (compat).", v));
      }
    }
    scaled(
        out,
        page,
        StatusField.TOTAL_KBYTES,
        "apache_sent_kilobytes_total",
        "Kilobytes sent (compat).");
    scaled(
        out,
        page,
        StatusField.TOTAL_DURATION_MS,
        "apache_duration_ms_total",
        "Request time in ms (compat).");
    OptionalDouble uptime = page.get(StatusField.UPTIME);
    if (uptime.isPresent()) {
      out.add(
          ApacheCollector.counter(
              "apache_uptime_seconds_total", "Uptime in seconds (compat).", uptime.getAsDouble()));
    }
    if (page.has(StatusField.CPU_USER) || page.has(StatusField.CPU_SYSTEM)) {
      CounterMetricFamily cpu =
          new CounterMetricFamily(
              "apache_cpu_time_ms_total",
              "CPU time in ms, self and children (compat).",
              List.of("type"));
      cpu.addMetric(
          List.of("user"), 1000 * (sum(page, StatusField.CPU_USER, StatusField.CPU_CHILDREN_USER)));
      cpu.addMetric(
          List.of("system"),
          1000 * (sum(page, StatusField.CPU_SYSTEM, StatusField.CPU_CHILDREN_SYSTEM)));
      out.add(cpu);
    }
    // Always, 0 when the page has no CPULoad (Apache omits it at zero): what the Go exporter does.
    out.add(
        ApacheCollector.gauge(
            "apache_cpuload",
            "CPU load, percent (compat).",
            page.get(StatusField.CPU_LOAD).orElse(0)));
  }

  private static double sum(StatusPage page, StatusField a, StatusField b) {
    return page.get(a).orElse(0) + page.get(b).orElse(0);
  }

  private static void scaled(
      List<MetricFamilySamples> out, StatusPage page, StatusField f, String name, String help) {
    OptionalDouble v = page.get(f);
    if (v.isPresent()) {
      out.add(ApacheCollector.counter(name, help, v.getAsDouble()));
    }
  }
}
