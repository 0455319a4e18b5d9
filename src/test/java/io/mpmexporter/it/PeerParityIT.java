package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mpmexporter.ExpositionText;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Go apache_exporter's own test bodies, served to Debian's {@code prometheus-apache-exporter}
 * and to this exporter with {@code --compat.apache-exporter}: every {@code apache_*} sample the Go
 * exporter emits is emitted here too, with the same labels and value.
 */
class PeerParityIT {
  private static final Path BODIES =
      Path.of("src/test/resources/fixtures/peers/apache_exporter").toAbsolutePath();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path tmp;
  private static HttpServer server;

  @BeforeAll
  static void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext(
        "/",
        ex -> {
          byte[] body =
              Files.readAllBytes(BODIES.resolve(ex.getRequestURI().getPath().substring(1)));
          ex.getResponseHeaders().set("Content-Type", "text/plain; charset=ISO-8859-1");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "status-22.txt",
        "status-24-event.txt",
        "status-24-event-tls.txt",
        "status-24-event-proxy.txt",
        "status-24-worker.txt",
        "status-24-prefork.txt"
      })
  void everySampleOfTheGoExporterIsReproduced(String body) throws Exception {
    Path go = Tools.require("prometheus-apache-exporter", "prometheus-apache-exporter");
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/" + body + "?auto";
    Map<String, Double> theirs = apacheSamples(goMetrics(go, url));
    assertThat(theirs).as("the Go exporter read " + body).containsEntry("apache_up", 1.0);
    Map<String, Double> ours;
    try (ExporterProcess e =
        ExporterProcess.start(
            Files.createTempDirectory(tmp, "ours"),
            Map.of(),
            "--apache.status-url=" + url,
            "--apache.ctl=",
            "--compat.apache-exporter")) {
      ours = apacheSamples(e.metricsText());
    }
    List<String> missing = new ArrayList<>();
    theirs.forEach(
        (series, value) -> {
          Double v = ours.get(series);
          if (v == null || Math.abs(v - value) > 1e-9 * Math.max(1, Math.abs(value))) {
            missing.add(series + " " + value + " (ours: " + v + ")");
          }
        });
    System.out.printf(
        "%s: %d Go samples, all reproduced: %s%n", body, theirs.size(), missing.isEmpty());
    assertThat(missing).as("Go samples not reproduced for " + body).isEmpty();
  }

  /** Runs the Go exporter on a free port, scrapes it once, stops it. */
  private static String goMetrics(Path go, String url) throws Exception {
    int port = ApacheInstance.freePort();
    Process p =
        new ProcessBuilder(
                go.toString(),
                "--scrape_uri=" + url,
                "--telemetry.address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("go-" + port + ".log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (true) {
        try {
          HttpResponse<String> r =
              HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
          if (r.statusCode() == 200) {
            return r.body();
          }
        } catch (java.io.IOException notYet) {
          if (System.nanoTime() > deadline) {
            throw notYet;
          }
        }
        Thread.sleep(50);
      }
    } finally {
      Tools.stop(p, 5);
    }
  }

  /** The {@code apache_*} samples (not the exporters' own), labels sorted by name. */
  private static Map<String, Double> apacheSamples(String text) {
    Map<String, Double> out = new TreeMap<>();
    ExpositionText.parse(text)
        .forEach(
            (series, value) -> {
              if (series.startsWith("apache_") && !series.startsWith("apache_exporter_")) {
                out.put(normalise(series), value);
              }
            });
    return out;
  }

  private static String normalise(String series) {
    int brace = series.indexOf('{');
    if (brace < 0) {
      return series;
    }
    String[] labels = series.substring(brace + 1, series.length() - 1).split(",(?=[a-z_]+=\")");
    Arrays.sort(labels);
    return series.substring(0, brace) + "{" + String.join(",", labels) + "}";
  }
}
