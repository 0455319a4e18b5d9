package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.ExpositionText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter against a real private Apache: what an operator sees through each change of state.
 */
class ExporterIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path tmp;

  private static String running(String mpm) {
    return "apache_mpm_running{mpm=\"" + mpm + "\"}";
  }

  private static String configured(String mpm) {
    return "apache_mpm_configured{mpm=\"" + mpm + "\"}";
  }

  private static double errors(Map<String, Double> m, String source, String reason) {
    return m.getOrDefault(
        "apache_exporter_poll_errors_total{source=\"" + source + "\",reason=\"" + reason + "\"}",
        -1.0);
  }

  private ExporterProcess exporter(ApacheInstance apache, String statusUrl, String... more)
      throws Exception {
    return ExporterProcess.watching(tmp, apache, statusUrl, more);
  }

  @Test
  void anMpmChangeIsSeenOnDiskAtOnceAndAsRunningAfterAFullRestart() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      apache.start();
      try (ExporterProcess exporter =
          exporter(apache, apache.statusUrl(), "--apache.expected-mpm=event")) {
        Map<String, Double> m =
            exporter.await("event running", WAIT, s -> s.getOrDefault("apache_up", 0.0) == 1.0);
        assertThat(m).containsEntry(running("event"), 1.0).containsEntry(running("prefork"), 0.0);
        assertThat(m).containsEntry(configured("event"), 1.0);
        assertThat(m).containsEntry("apache_mpm_restart_pending", 0.0);
        assertThat(m).containsEntry("apache_mpm_unexpected", 0.0);
        assertThat(m).containsEntry("apache_mpm_threaded", 1.0);
        assertThat(m).containsEntry("apache_modules_loaded{module=\"mpm_event_module\"}", 1.0);
        assertThat(ExpositionText.family(m, "apache_connections")).isNotEmpty();

        // The operator switches the config without restarting: a reload now would kill Apache.
        apache.configureMpm("prefork");
        m =
            exporter.await(
                "restart pending",
                WAIT,
                s -> s.getOrDefault("apache_mpm_restart_pending", 0.0) == 1.0);
        assertThat(m).containsEntry(running("event"), 1.0);
        assertThat(m).containsEntry(configured("prefork"), 1.0);
        assertThat(m).containsEntry("apache_mpm_threaded", 0.0);
        assertThat(m).containsEntry("apache_mpm_changes_total", 0.0);

        // Only a full stop and start applies it.
        apache.stop();
        exporter.await("down", WAIT, s -> s.get("apache_up") == 0.0);
        apache.start();
        long started = System.nanoTime();
        m =
            exporter.await(
                "prefork running",
                WAIT,
                s ->
                    s.getOrDefault(running("prefork"), 0.0) == 1.0
                        && s.getOrDefault("apache_mpm_restart_pending", 1.0) == 0.0);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("MPM change visible %.3f s after apache2ctl start returned%n", seconds);
        assertThat(m).containsEntry(configured("prefork"), 1.0);
        assertThat(m).containsEntry("apache_mpm_changes_total", 1.0);
        assertThat(m).containsKey("apache_mpm_last_change_timestamp_seconds");
        assertThat(m).containsEntry("apache_mpm_unexpected", 1.0);
        assertThat(ExpositionText.family(m, "apache_info"))
            .containsOnlyKeys("apache_info{version=\"Apache/2.4.71 (Debian)\",mpm=\"prefork\"}");
        assertThat(ExpositionText.family(m, "apache_connections")).isEmpty();
        assertThat(ExpositionText.family(m, "apache_processes")).isEmpty();
        assertThat(m).containsEntry("apache_modules_loaded{module=\"mpm_prefork_module\"}", 1.0);
        assertThat(m).doesNotContainKey("apache_modules_loaded{module=\"mpm_event_module\"}");
      }
    }
  }

  @Test
  void whenApacheStopsTheExporterReportsItAndRecovers() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "worker")) {
      apache.start();
      try (ExporterProcess exporter = exporter(apache, apache.statusUrl())) {
        exporter.await("up", WAIT, s -> s.getOrDefault("apache_up", 0.0) == 1.0);
        apache.stop();
        Map<String, Double> m =
            exporter.await("down", WAIT, s -> errors(s, "status", "refused") >= 2);
        assertThat(m).containsEntry("apache_up", 0.0);
        assertThat(ExpositionText.family(m, "apache_workers")).isEmpty();
        assertThat(m).containsEntry(configured("worker"), 1.0);
        assertThat(exporter.alive()).isTrue();
        assertThat(exporter.get("/-/healthy").statusCode()).isEqualTo(200);

        apache.start();
        m = exporter.await("back up", WAIT, s -> s.get("apache_up") == 1.0);
        assertThat(m).containsEntry(running("worker"), 1.0);
        assertThat(m).containsEntry("apache_mpm_changes_total", 0.0);
        assertThat(exporter.log())
            .contains("status failed")
            .contains("reason=refused")
            .contains("status recovered");
      }
    }
  }

  @Test
  void mod_statusDisabledIsA4xxAndThePageWithoutAutoIsNotAuto() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      apache.a2("a2dismod", "-q", "status");
      apache.start();
      try (ExporterProcess exporter = exporter(apache, apache.statusUrl())) {
        Map<String, Double> m =
            exporter.await("404 counted", WAIT, s -> errors(s, "status", "http_4xx") >= 1);
        assertThat(m).containsEntry("apache_up", 0.0);
        assertThat(errors(m, "status", "refused")).isZero();
        // -V still works: the disk side is reported while the page is missing.
        assertThat(m).containsEntry(configured("event"), 1.0);
      }
      apache.stop();
      apache.a2("a2enmod", "-q", "status");
      apache.start();
      String withoutAuto = "http://127.0.0.1:" + apache.port() + "/server-status";
      try (ExporterProcess exporter = exporter(apache, withoutAuto)) {
        Map<String, Double> m =
            exporter.await("html counted", WAIT, s -> errors(s, "status", "not_auto") >= 1);
        assertThat(m).containsEntry("apache_up", 0.0);
        assertThat(ExpositionText.family(m, "apache_info")).isEmpty();
        assertThat(exporter.log()).contains("HTML");
      }
    }
  }

  @Test
  void aBrokenApachectlIsCountedWhileStatusKeepsFlowing() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      apache.start();
      // The later flag wins: apachectl is a program that does not exist.
      try (ExporterProcess exporter =
          exporter(apache, apache.statusUrl(), "--apache.ctl=/nonexistent/apachectl")) {
        Map<String, Double> m =
            exporter.await("ctl error", WAIT, s -> errors(s, "ctl_version", "ctl_exec") >= 1);
        assertThat(m).containsEntry("apache_up", 1.0);
        assertThat(m).containsEntry(running("event"), 1.0);
        assertThat(ExpositionText.family(m, "apache_mpm_configured")).isEmpty();
        assertThat(m).doesNotContainKey("apache_mpm_restart_pending");
      }
    }
  }

  @Test
  void withoutApachectlOnlyTheStatusPageIsPolledAndNothingFails() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "worker")) {
      apache.start();
      // A sidecar that sees only the status page: --apache.ctl= (empty) turns -V/-M off.
      try (ExporterProcess exporter = exporter(apache, apache.statusUrl(), "--apache.ctl=")) {
        assertThat(exporter.get("/-/ready").statusCode()).isEqualTo(200);
        Map<String, Double> m =
            exporter.await("two status polls", WAIT, s -> s.containsKey(running("worker")));
        Thread.sleep(2500); // more polls: still nothing from apachectl
        m = exporter.metrics();
        assertThat(m).containsEntry("apache_up", 1.0).containsEntry(running("worker"), 1.0);
        assertThat(ExpositionText.family(m, "apache_mpm_configured")).isEmpty();
        assertThat(ExpositionText.family(m, "apache_modules_loaded")).isEmpty();
        assertThat(m).doesNotContainKeys("apache_mpm_restart_pending", "apache_mpm_threaded");
        assertThat(m.keySet()).noneMatch(k -> k.contains("source=\"ctl_"));
        assertThat(errors(m, "status", "refused")).isZero();
        assertThat(exporter.log()).doesNotContain("apachectl");
      }
    }
  }

  @Test
  void severalListenAddressesEachServeTheMetrics() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      apache.start();
      int second = ApacheInstance.freePort();
      try (ExporterProcess exporter =
          exporter(apache, apache.statusUrl(), "--web.listen-address=127.0.0.1:" + second)) {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + second + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("apache_up 1.0");
        Map<String, Double> m = exporter.metrics();
        assertThat(m).containsEntry(running("event"), 1.0);
        // Both listeners' threads, under one name.
        assertThat(m)
            .containsEntry("apache_exporter_http_max_threads{listener=\"metrics\"}", 512.0);
        assertThat(exporter.log())
            .contains("listen=127.0.0.1:" + exporter.port() + ",127.0.0.1:" + second);
      }
    }
  }
}
