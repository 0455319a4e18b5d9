package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.ExpositionText;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Go apache_exporter's documented command lines — its README's credentials in the scrape URI,
 * {@code --host_override}, {@code --custom_headers}, {@code --telemetry.endpoint}, the toolkit's
 * flags — started as they are against a real Apache whose status pages need Basic auth or a header
 * and Host: {@code apache_up 1}, and the password in no log line, page or metric.
 */
class MigrationIT {
  private static final String PASSWORD = "go-style-" + System.nanoTime();

  @TempDir static Path tmp;
  private static ApacheInstance apache;

  @BeforeAll
  static void start() throws Exception {
    Path htpasswd = tmp.resolve("htpasswd");
    Tools.htpasswd(htpasswd, "scraper", PASSWORD);
    apache = ApacheInstance.create(tmp.resolve("apache"), "event");
    apache.addConf("migration", ApacheInstance.protectedStatusPages(htpasswd, "status.example"));
    apache.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (apache != null) {
      apache.close();
    }
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + apache.port() + path + "?auto";
  }

  private static String urlWithPassword() {
    return "http://scraper:" + PASSWORD + "@127.0.0.1:" + apache.port() + "/status-basic?auto";
  }

  private static Map<String, Double> up(ExporterProcess e, String path) throws Exception {
    HttpResponse<String> r = e.get(path);
    assertThat(r.statusCode()).as(e.log()).isEqualTo(200);
    Map<String, Double> m = ExpositionText.parse(r.body());
    assertThat(m).as(e.log()).containsEntry("apache_up", 1.0);
    return m;
  }

  @Test
  void theReadmesCredentialsInTheScrapeUriWorkAndTheyStaySecret() throws Exception {
    try (ExporterProcess e =
        ExporterProcess.start(
            Files.createTempDirectory(tmp, "creds"),
            Map.of(),
            "--scrape_uri=" + urlWithPassword(),
            "--compat.apache-exporter",
            "--apache.ctl=")) {
      Map<String, Double> m = up(e, "/metrics");
      assertThat(m).containsEntry("apache_exporter_scrape_failures_total", 0.0);
      String metrics = e.metricsText();
      String landing = e.get("/").body();
      assertThat(e.log())
          .contains("--apache.status-url carries a password")
          .doesNotContain(PASSWORD);
      assertThat(landing).contains("/status-basic").doesNotContain(PASSWORD);
      assertThat(metrics).doesNotContain(PASSWORD);
    }
  }

  @Test
  void aWrongPasswordIsApacheDownCountedAsTheGoExporterCountsIt() throws Exception {
    String wrong = urlWithPassword().replace(PASSWORD, "wrong");
    try (ExporterProcess e =
        ExporterProcess.start(
            Files.createTempDirectory(tmp, "wrong"),
            Map.of(),
            "--scrape_uri=" + wrong,
            "--compat.apache-exporter",
            "--apache.ctl=",
            "--poll.interval=200ms")) {
      Map<String, Double> m =
          e.await(
              "two failed reads",
              java.time.Duration.ofSeconds(10),
              x -> x.getOrDefault("apache_exporter_scrape_failures_total", 0.0) >= 2);
      assertThat(m).containsEntry("apache_up", 0.0);
      assertThat(m.get("apache_exporter_poll_errors_total{source=\"status\",reason=\"auth\"}"))
          .isGreaterThanOrEqualTo(2.0);
    }
  }

  @Test
  void hostOverrideCustomHeadersAndTheTelemetryEndpoint() throws Exception {
    try (ExporterProcess e =
        ExporterProcess.start(
            Files.createTempDirectory(tmp, "headers"),
            Map.of(),
            "--scrape_uri=" + url("/status-header"),
            "--host_override=status.example",
            "--custom_headers",
            "X-Status-Token=sesame",
            "--telemetry.endpoint=/apache",
            "--apache.ctl=")) {
      up(e, "/apache");
    }
  }

  @Test
  void theToolkitsFlagsOfTheCurrentRelease() throws Exception {
    try (ExporterProcess e =
        ExporterProcess.start(
            Files.createTempDirectory(tmp, "toolkit"),
            Map.of(),
            "--scrape_uri=" + url("/server-status"),
            "--web.telemetry-path=/m",
            "--no-web.systemd-socket",
            "--no-insecure",
            "--log.level=debug",
            "--log.format=json",
            "--apache.ctl=")) {
      up(e, "/m");
      assertThat(e.log().lines().filter(l -> !l.isBlank()).findFirst().orElse(""))
          .as("json log lines")
          .startsWith("{");
    }
  }

  @Test
  void debiansGoExporterReadsTheSameUrlAndLogsWhatItLogs() throws Exception {
    Path go = Tools.require("prometheus-apache-exporter", "prometheus-apache-exporter");
    int port = ApacheInstance.freePort();
    Path log = tmp.resolve("go.log");
    Process p =
        new ProcessBuilder(
                go.toString(),
                "--scrape_uri=" + urlWithPassword(),
                "--telemetry.address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      String body = null;
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
      while (body == null && System.nanoTime() < deadline) {
        try {
          body =
              java.net.http.HttpClient.newHttpClient()
                  .send(
                      java.net.http.HttpRequest.newBuilder(
                              java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body();
        } catch (java.io.IOException notYet) {
          Thread.sleep(100);
        }
      }
      assertThat(ExpositionText.parse(body)).containsEntry("apache_up", 1.0);
      System.out.printf(
          "Debian's Go exporter with credentials in --scrape_uri: apache_up 1; its log %s the"
              + " password%n",
          Files.readString(log).contains(PASSWORD) ? "CONTAINS" : "does not contain");
    } finally {
      Tools.stop(p, 5);
    }
  }
}
