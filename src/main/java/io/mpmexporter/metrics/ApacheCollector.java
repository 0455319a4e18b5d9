package io.mpmexporter.metrics;

import io.mpmexporter.apache.CtlInfo;
import io.mpmexporter.apache.ScoreboardState;
import io.mpmexporter.apache.StatusField;
import io.mpmexporter.apache.StatusPage;
import io.mpmexporter.poll.Snapshot;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedSet;
import java.util.function.Supplier;

/**
 * Turns the latest {@link Snapshot} into Apache's metrics. Every scrape builds them afresh, so a
 * series that the last poll did not see is gone (no stale {@code apache_info} after an MPM change).
 */
public final class ApacheCollector extends Collector {
  /** One labelled sample of a family: its label value and the status field it comes from. */
  private record Row(String label, StatusField field) {}

  /** One sample of apache_cpu_seconds_total. */
  private record CpuRow(String mode, String scope, StatusField field) {}

  private static final List<CpuRow> CPU_ROWS =
      List.of(
          new CpuRow("user", "self", StatusField.CPU_USER),
          new CpuRow("system", "self", StatusField.CPU_SYSTEM),
          new CpuRow("user", "children", StatusField.CPU_CHILDREN_USER),
          new CpuRow("system", "children", StatusField.CPU_CHILDREN_SYSTEM));

  private final Supplier<Snapshot> snapshots;
  private final List<String> expectedMpms;
  private final boolean compat;

  /**
   * @param expectedMpms the MPMs the operator expects, empty for no expectation
   * @param compat also emit the Go apache_exporter's metric names
   */
  public ApacheCollector(Supplier<Snapshot> snapshots, List<String> expectedMpms, boolean compat) {
    this.snapshots = snapshots;
    this.expectedMpms = List.copyOf(expectedMpms);
    this.compat = compat;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    Snapshot s = snapshots.get();
    List<MetricFamilySamples> out = new ArrayList<>();
    StatusPage page = s.page();
    out.add(
        gauge(
            "apache_up",
            "1 if the last poll of server-status?auto succeeded.",
            page != null ? 1 : 0));
    MpmMetrics.add(s, expectedMpms, out);
    if (page != null) {
      CtlInfo ctl = s.ctl();
      pageFamilies(
          page, s.runningMpm(), ctl == null ? null : ctl.version(), s.status().at(), compat, out);
      if (!Double.isNaN(s.startTimeSeconds())) {
        out.add(
            gauge(
                "apache_start_time_seconds",
                "When Apache last (re)started, in epoch seconds.",
                s.startTimeSeconds()));
      }
      if (compat) {
        CompatMetrics.add(page, ctl, out);
      }
    }
    if (compat) {
      CompatMetrics.scrapeFailures(s, out);
    }
    modules(s.loadedModules(), out);
    return out;
  }

  /**
   * The families read from one status page, shared with {@code /probe}: info, workers, scoreboard,
   * processes, connections, load, generations, traffic, CPU, uptime, balancer members, the TLS
   * session cache and mod_md.
   *
   * @param running the MPM running, for {@code apache_info}
   * @param ctlVersion the version from {@code apachectl -V}, used when the page has none
   * @param pageMillis when the page was read (mod_md's dates are relative to it)
   */
  public static void pageFamilies(
      StatusPage page,
      String running,
      String ctlVersion,
      long pageMillis,
      boolean compat,
      List<MetricFamilySamples> out) {
    status(page, running, ctlVersion, out);
    BalancerMetrics.add(page.balancerMembers(), compat, out);
    SessionCacheMetrics.add(page.sessionCache(), out);
    ManagedDomainMetrics.add(page.managedDomains(), pageMillis, out);
  }

  private static void status(
      StatusPage page, String running, String ctlVersion, List<MetricFamilySamples> out) {
    String version = page.serverVersion() != null ? page.serverVersion() : ctlVersion;
    GaugeMetricFamily info =
        new GaugeMetricFamily(
            "apache_info", "Apache version and running MPM.", List.of("version", "mpm"));
    info.addMetric(
        // "UNKNOWN" as the Go exporter spells it, so its queries keep matching.
        List.of(version == null ? "UNKNOWN" : version, running == null ? "UNKNOWN" : running), 1);
    out.add(info);

    labelled(
        out,
        "apache_workers",
        "Workers by state.",
        "state",
        page,
        List.of(
            new Row("busy", StatusField.BUSY_WORKERS),
            new Row("idle", StatusField.IDLE_WORKERS),
            new Row("graceful", StatusField.GRACEFUL_WORKERS)));
    scoreboard(page, out);
    labelled(
        out,
        "apache_processes",
        "Child processes (event MPM).",
        "state",
        page,
        List.of(new Row("all", StatusField.PROCESSES), new Row("stopping", StatusField.STOPPING)));
    labelled(
        out,
        "apache_connections",
        "Connections by state (event MPM).",
        "state",
        page,
        List.of(
            new Row("total", StatusField.CONNS_TOTAL),
            new Row("writing", StatusField.CONNS_ASYNC_WRITING),
            new Row("keepalive", StatusField.CONNS_ASYNC_KEEPALIVE),
            new Row("closing", StatusField.CONNS_ASYNC_CLOSING),
            new Row("wait_io", StatusField.CONNS_ASYNC_WAIT_IO)));
    labelled(
        out,
        "apache_load",
        "System load average as Apache reports it.",
        "interval",
        page,
        List.of(
            new Row("1min", StatusField.LOAD1),
            new Row("5min", StatusField.LOAD5),
            new Row("15min", StatusField.LOAD15)));
    labelled(
        out,
        "apache_generation",
        "Restart generations of the parent.",
        "type",
        page,
        List.of(
            new Row("config", StatusField.CONFIG_GENERATION),
            new Row("mpm", StatusField.MPM_GENERATION)));

    counterOf(
        out,
        page,
        StatusField.TOTAL_ACCESSES,
        "apache_accesses_total",
        "Requests served (ExtendedStatus).",
        1);
    counterOf(
        out,
        page,
        StatusField.TOTAL_KBYTES,
        "apache_sent_bytes_total",
        "Bytes sent, at kilobyte resolution (ExtendedStatus).",
        1024);
    counterOf(
        out,
        page,
        StatusField.TOTAL_DURATION_MS,
        "apache_request_duration_seconds_total",
        "Time spent serving requests (ExtendedStatus, 2.4.35+).",
        0.001);
    cpu(page, out);

    OptionalDouble uptime = page.get(StatusField.SERVER_UPTIME_SECONDS);
    if (uptime.isEmpty()) {
      uptime = page.get(StatusField.UPTIME);
    }
    if (uptime.isPresent()) {
      out.add(
          gauge(
              "apache_uptime_seconds",
              "Seconds since Apache last (re)started.",
              uptime.getAsDouble()));
    }
  }

  private static void scoreboard(StatusPage page, List<MetricFamilySamples> out) {
    if (page.scoreboard().isEmpty()) {
      return;
    }
    GaugeMetricFamily sb =
        new GaugeMetricFamily("apache_scoreboard", "Scoreboard slots by state.", List.of("state"));
    for (Map.Entry<ScoreboardState, Integer> e : page.scoreboardCounts().entrySet()) {
      sb.addMetric(List.of(e.getKey().label()), e.getValue());
    }
    out.add(sb);
    out.add(
        gauge(
            "apache_scoreboard_slots",
            "Scoreboard length: ServerLimit x ThreadLimit, an upper bound on workers.",
            page.scoreboard().length()));
  }

  private static void cpu(StatusPage page, List<MetricFamilySamples> out) {
    boolean seconds = page.has(StatusField.CPU_USER) || page.has(StatusField.CPU_SYSTEM);
    if (seconds) {
      CounterMetricFamily cpu =
          new CounterMetricFamily(
              "apache_cpu_seconds_total",
              "CPU time of Apache's processes (ExtendedStatus).",
              List.of("mode", "scope"));
      for (CpuRow row : CPU_ROWS) {
        OptionalDouble v = page.get(row.field());
        if (v.isPresent()) {
          cpu.addMetric(List.of(row.mode(), row.scope()), v.getAsDouble());
        }
      }
      out.add(cpu);
    }
    // 2.4 omits CPULoad when it is zero (so it is 0 beside the CPU lines); 2.2 and other servers
    // print CPULoad without them.
    if (seconds || page.has(StatusField.CPU_LOAD)) {
      out.add(
          gauge(
              "apache_cpu_load",
              "CPU load of Apache's processes, percent (ExtendedStatus).",
              page.get(StatusField.CPU_LOAD).orElse(0)));
    }
  }

  private static void modules(SortedSet<String> modules, List<MetricFamilySamples> out) {
    if (modules == null) {
      return;
    }
    GaugeMetricFamily m =
        new GaugeMetricFamily(
            "apache_modules_loaded", "1 for each module apachectl -M lists.", List.of("module"));
    modules.forEach(name -> m.addMetric(List.of(name), 1));
    out.add(m);
  }

  private static void labelled(
      List<MetricFamilySamples> out,
      String name,
      String help,
      String label,
      StatusPage page,
      List<Row> rows) {
    GaugeMetricFamily g = new GaugeMetricFamily(name, help, List.of(label));
    for (Row row : rows) {
      OptionalDouble v = page.get(row.field());
      if (v.isPresent()) {
        g.addMetric(List.of(row.label()), v.getAsDouble());
      }
    }
    if (!g.samples.isEmpty()) {
      out.add(g);
    }
  }

  private static void counterOf(
      List<MetricFamilySamples> out,
      StatusPage page,
      StatusField field,
      String name,
      String help,
      double scale) {
    OptionalDouble v = page.get(field);
    if (v.isPresent()) {
      out.add(counter(name, help, v.getAsDouble() * scale));
    }
  }

  static GaugeMetricFamily gauge(String name, String help, double value) {
    return new GaugeMetricFamily(name, help, value);
  }

  static CounterMetricFamily counter(String name, String help, double value) {
    return new CounterMetricFamily(name, help, value);
  }
}
