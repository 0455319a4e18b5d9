package io.mpmexporter.metrics;

import static io.mpmexporter.ExpositionText.family;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.ExpositionText;
import io.mpmexporter.Fixtures;
import io.mpmexporter.apache.CtlParser;
import io.mpmexporter.apache.PollFailure;
import io.mpmexporter.apache.StatusParser;
import io.mpmexporter.poll.PollResult;
import io.mpmexporter.poll.Snapshot;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ApacheCollectorTest {
  private final AtomicReference<Snapshot> current = new AtomicReference<>(Snapshot.empty());

  private Map<String, Double> scrape(List<String> expected, boolean compat) throws Exception {
    CollectorRegistry r = new CollectorRegistry();
    r.register(new ApacheCollector(current::get, expected, compat));
    StringWriter w = new StringWriter();
    TextFormat.write004(w, r.metricFamilySamples());
    return ExpositionText.parse(w.toString());
  }

  private void status(long at, String file) throws Exception {
    current.set(
        current
            .get()
            .withStatus(PollResult.success(at, 0.01, StatusParser.parse(Fixtures.real(file)))));
  }

  private void version(long at, String mpm) throws Exception {
    current.set(
        current
            .get()
            .withVersion(
                PollResult.success(
                    at, 0.05, CtlParser.parseVersion(Fixtures.real("ctl-V-" + mpm + ".txt")))));
  }

  @Test
  void afterEventToPreforkThereIsOneInfoAndNoEventOnlySeries() throws Exception {
    status(1000, "status-event-idle.txt");
    version(1000, "event");
    Map<String, Double> before = scrape(List.of(), false);
    assertThat(family(before, "apache_connections")).isNotEmpty();
    assertThat(family(before, "apache_processes")).isNotEmpty();

    version(2000, "prefork");
    status(3000, "status-prefork-idle.txt");
    Map<String, Double> m = scrape(List.of(), false);
    assertThat(family(m, "apache_info"))
        .containsOnlyKeys("apache_info{version=\"Apache/2.4.71 (Debian)\",mpm=\"prefork\"}");
    assertThat(family(m, "apache_connections")).isEmpty();
    assertThat(family(m, "apache_processes")).isEmpty();
    assertThat(m).containsEntry("apache_mpm_running{mpm=\"prefork\"}", 1.0);
    assertThat(m).containsEntry("apache_mpm_running{mpm=\"event\"}", 0.0);
    assertThat(m).containsEntry("apache_mpm_changes_total", 1.0);
    assertThat(m).containsEntry("apache_mpm_last_change_timestamp_seconds", 3.0);
    assertThat(m).containsEntry("apache_mpm_restart_pending", 0.0);
    assertThat(m).containsEntry("apache_mpm_threaded", 0.0);
  }

  @Test
  void aPendingRestartAndAnUnexpectedMpmAreShown() throws Exception {
    status(1000, "status-event-idle.txt");
    version(2000, "prefork");
    Map<String, Double> m = scrape(List.of("prefork"), false);
    assertThat(m).containsEntry("apache_mpm_restart_pending", 1.0);
    assertThat(m).containsEntry("apache_mpm_configured{mpm=\"prefork\"}", 1.0);
    assertThat(m).containsEntry("apache_mpm_expected{mpm=\"prefork\"}", 1.0);
    assertThat(m).containsEntry("apache_mpm_unexpected", 1.0);
    assertThat(scrape(List.of("event", "worker"), false))
        .containsEntry("apache_mpm_unexpected", 0.0);
    assertThat(scrape(List.of(), false)).doesNotContainKey("apache_mpm_unexpected");
  }

  @Test
  void whenApacheIsDownOnlyUpAndTheDiskSideRemain() throws Exception {
    status(1000, "status-event-idle.txt");
    version(1000, "event");
    current.set(
        current
            .get()
            .withStatus(
                PollResult.failure(2000, 0.001, new PollFailure(PollFailure.REFUSED, "refused"))));
    Map<String, Double> m = scrape(List.of("event"), false);
    assertThat(m).containsEntry("apache_up", 0.0);
    assertThat(family(m, "apache_info")).isEmpty();
    assertThat(family(m, "apache_workers")).isEmpty();
    assertThat(family(m, "apache_mpm_running")).isEmpty();
    assertThat(m).doesNotContainKey("apache_mpm_unexpected");
    assertThat(m).containsEntry("apache_mpm_configured{mpm=\"event\"}", 1.0);
  }

  @Test
  void unitsAreBaseUnits() throws Exception {
    status(1000, "status-event-under-load.txt");
    Map<String, Double> m = scrape(List.of(), false);
    var page = StatusParser.parse(Fixtures.real("status-event-under-load.txt"));
    double kb = page.get(io.mpmexporter.apache.StatusField.TOTAL_KBYTES).orElseThrow();
    double ms = page.get(io.mpmexporter.apache.StatusField.TOTAL_DURATION_MS).orElseThrow();
    assertThat(m).containsEntry("apache_sent_bytes_total", kb * 1024);
    assertThat(m.get("apache_request_duration_seconds_total"))
        .isCloseTo(ms / 1000, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(m).containsEntry("apache_scoreboard_slots", 150.0);
    assertThat(family(m, "apache_scoreboard")).hasSize(11);
    assertThat(m).doesNotContainKey("apache_sent_kilobytes_total");
  }

  @Test
  void compatAddsTheIncumbentsNames() throws Exception {
    status(1000, "status-event-under-load.txt");
    Map<String, Double> m = scrape(List.of(), true);
    assertThat(m).containsEntry("apache_version", 2.04071);
    assertThat(m)
        .containsKeys(
            "apache_sent_kilobytes_total",
            "apache_duration_ms_total",
            "apache_cpu_time_ms_total{type=\"user\"}",
            "apache_cpuload",
            "apache_uptime_seconds_total");
  }

  @Test
  void balancerMembersAndTheTlsSessionCacheAreExported() throws Exception {
    status(1000, "status-event-balancer-tls.txt");
    Map<String, Double> m = scrape(List.of(), false);
    Map<String, Double> ok = family(m, "apache_proxy_balancer_member_status");
    assertThat(ok).hasSize(2 * 13);
    assertThat(ok.entrySet())
        .filteredOn(e -> e.getKey().contains("state=\"err\"") && e.getValue() == 1.0)
        .hasSize(1);
    assertThat(family(m, "apache_proxy_balancer_member_sent_bytes_total").values())
        .contains(1024.0);
    assertThat(m).containsEntry("apache_tls_session_cache_info{type=\"SHMCB\"}", 1.0);
    assertThat(m).containsEntry("apache_tls_session_cache_shared_memory_bytes", 512000.0);
    assertThat(m).containsEntry("apache_tls_session_cache_retrievals_total{result=\"hit\"}", 5.0);
    assertThat(m).containsEntry("apache_tls_session_cache_usage_ratio", 0.0);
    assertThat(family(m, "apache_proxy_balancer_status")).isEmpty(); // compat only
  }

  @Test
  void cpuLoadAloneIsExported() throws Exception {
    current.set(
        current
            .get()
            .withStatus(
                PollResult.success(
                    1000, 0.01, StatusParser.parse(Fixtures.synthetic("status-apache22.txt")))));
    Map<String, Double> m = scrape(List.of(), false);
    assertThat(m).containsEntry("apache_cpu_load", 0.00213618);
    assertThat(family(m, "apache_cpu_seconds_total")).isEmpty();
  }

  @Test
  void compatBalancerNamesFollowTheGoExporter() throws Exception {
    // The Go exporter's own test body; values as its collector.go turns them into samples.
    current.set(
        current
            .get()
            .withStatus(
                PollResult.success(
                    1000,
                    0.01,
                    StatusParser.parse(
                        Fixtures.read(
                            Fixtures.ROOT.resolve(
                                "peers/apache_exporter/status-24-event-proxy.txt"))))));
    Map<String, Double> m = scrape(List.of(), true);
    String member = "balancer=\"balancer://myproxy1\",worker=\"https://app-01:9143\"";
    assertThat(m)
        .containsEntry("apache_proxy_balancer_status{" + member + ",status=\"Init Ok\"}", 1.0)
        .containsEntry("apache_proxy_balancer_accesses_total{" + member + "}", 5808.0)
        .containsEntry("apache_proxy_balancer_busy{" + member + "}", 0.0)
        .containsEntry("apache_proxy_balancer_request_kbytes_total{" + member + "}", 5588.0)
        .containsEntry("apache_proxy_balancer_response_kbytes_total{" + member + "}", 8335.0);
    assertThat(family(m, "apache_proxy_balancer_accesses_total")).hasSize(6);
  }

  @Test
  void modMdCertificatesAreExportedAndAbsentWithoutModMd() throws Exception {
    status(1_000_000, "status-event-mod-md.txt");
    Map<String, Double> m = scrape(List.of(), false);
    assertThat(m).containsEntry("apache_md_domains", 2.0);
    assertThat(m).containsEntry("apache_md_certificates{state=\"errored\"}", 1.0);
    // 2026-12-27T00:00:00Z
    assertThat(m)
        .containsEntry(
            "apache_md_certificate_expiry_timestamp_seconds{domain=\"static.example.test\"}",
            1.7983296E9);
    assertThat(m).containsEntry("apache_md_renewal_failed{domain=\"www.example.test\"}", 1.0);
    assertThat(m).containsEntry("apache_md_renewal_failed{domain=\"static.example.test\"}", 0.0);
    assertThat(m.get("apache_md_domain_state{domain=\"www.example.test\",state=\"incomplete\"}"))
        .isEqualTo(1.0);
    status(2_000_000, "status-event-idle.txt");
    assertThat(scrape(List.of(), false).keySet()).noneMatch(k -> k.startsWith("apache_md_"));
  }
}
