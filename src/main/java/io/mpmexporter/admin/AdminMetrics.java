package io.mpmexporter.admin;

import io.mpmexporter.mpm.SwitchReport;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the admin endpoint: switch attempts by result, and every admin answer by status code
 * (a rising 401 or 429 count is someone guessing the token). Registered whether or not the admin
 * endpoint is on, so queries and alerts never see a missing series.
 */
public final class AdminMetrics {
  static final List<String> CODES =
      List.of("200", "400", "401", "404", "405", "409", "413", "415", "429", "500", "503");

  private final Counter switches;
  private final Counter requests;
  private final AtomicLong events = new AtomicLong();
  private volatile HandoverState handover;

  /** What the switch agent last said of a hand-over; null fields when it said nothing. */
  private record HandoverState(Boolean ready, Number migrateReq) {}

  public AdminMetrics(CollectorRegistry registry) {
    switches =
        Counter.build()
            .name("apache_exporter_mpm_switches_total")
            .help("MPM switch attempts through the admin endpoint, by result.")
            .labelNames("result")
            .register(registry);
    requests =
        Counter.build()
            .name("apache_exporter_admin_requests_total")
            .help("Requests to the admin endpoint, by HTTP status code.")
            .labelNames("code")
            .register(registry);
    registry.register(
        new Collector() {
          @Override
          public List<MetricFamilySamples> collect() {
            return handoverFamilies();
          }
        });
    SwitchReport.RESULTS.forEach(r -> switches.labels(r));
    switches.labels(MpmAdmin.AGENT_UNAVAILABLE);
    switches.labels(MpmAdmin.AGENT_LOST);
    CODES.forEach(c -> requests.labels(c));
  }

  public void switchAttempt(String result) {
    switches.labels(result).inc();
    events.incrementAndGet();
  }

  public void answered(int code) {
    requests.labels(Integer.toString(code)).inc();
    events.incrementAndGet();
  }

  /**
   * Records the agent's hand-over readiness; null ready: unknown (the agent could not be asked),
   * and the series disappear.
   */
  public void handover(Boolean ready, Number migrateReq) {
    handover = ready == null ? null : new HandoverState(ready, migrateReq);
    events.incrementAndGet();
  }

  private List<Collector.MetricFamilySamples> handoverFamilies() {
    HandoverState h = handover;
    List<Collector.MetricFamilySamples> out = new ArrayList<>();
    if (h == null) {
      return out;
    }
    out.add(
        new GaugeMetricFamily(
            "apache_mpm_handover_ready",
            "1 when the switch agent found SO_REUSEPORT on Apache's listener: a switch can hand the"
                + " port over without a gap (asked at start and after each Apache restart).",
            h.ready() ? 1 : 0));
    if (h.migrateReq() != null) {
      out.add(
          new GaugeMetricFamily(
              "apache_mpm_tcp_migrate_req",
              "net.ipv4.tcp_migrate_req as the switch agent read it (1: queued connections move to"
                  + " the surviving listener during a hand-over).",
              h.migrateReq().doubleValue()));
    }
    return out;
  }

  /** Changes with every count above: a cached /metrics body older than it is stale. */
  public long events() {
    return events.get();
  }
}
