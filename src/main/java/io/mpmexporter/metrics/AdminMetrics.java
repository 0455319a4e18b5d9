package io.mpmexporter.metrics;

import io.mpmexporter.admin.AdminHandler;
import io.mpmexporter.mpm.SwitchReport;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
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
    SwitchReport.RESULTS.forEach(r -> switches.labels(r));
    switches.labels(AdminHandler.AGENT_UNAVAILABLE);
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

  /** Changes with every count above: a cached /metrics body older than it is stale. */
  public long events() {
    return events.get();
  }
}
