package io.mpmexporter.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Debian's real Prometheus server in a temp folder on 127.0.0.1, scraping every second. */
final class PrometheusServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts Prometheus with one scrape job named {@code job} on {@code target} and these rule files,
   * scraping and evaluating every second.
   */
  static PrometheusServer start(Path dir, String job, String target, List<Path> rules)
      throws Exception {
    return start(dir, job, target, rules, "");
  }

  /** {@link #start} with more settings for the scrape job (YAML lines indented by four spaces). */
  static PrometheusServer start(
      Path dir, String job, String target, List<Path> rules, String scrapeSettings)
      throws Exception {
    StringBuilder config = new StringBuilder();
    config.append("global: {scrape_interval: 1s, evaluation_interval: 1s}\n");
    config.append("rule_files:\n");
    for (Path r : rules) {
      config.append("  - '").append(r).append("'\n");
    }
    config.append("scrape_configs:\n");
    config.append("  - job_name: '").append(job).append("'\n");
    config.append("    static_configs: [{targets: ['").append(target).append("']}]\n");
    config.append(scrapeSettings);
    return startWithConfig(dir, config.toString());
  }

  /** Starts Prometheus with this whole configuration file. */
  static PrometheusServer startWithConfig(Path dir, String config) throws Exception {
    Path binary = Tools.require("prometheus", "prometheus");
    Files.createDirectories(dir);
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, config);
    int port = ApacheInstance.freePort();
    Path log = dir.resolve("prometheus.log");
    Process p =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer s = new PrometheusServer(p, port, log);
    s.awaitReady();
    return s;
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited: " + Files.readString(log));
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("prometheus not ready in 30s: " + Files.readString(log));
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  /** The result list of an instant query; fails on a query error. */
  List<Object> query(String promql) throws Exception {
    HttpResponse<String> r =
        get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    Map<String, Object> body = TestJson.object(r.body());
    if (!"success".equals(body.get("status"))) {
      throw new AssertionError("query failed: " + promql + ": " + r.body());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) body.get("data");
    @SuppressWarnings("unchecked")
    List<Object> result = (List<Object>) data.get("result");
    return result;
  }

  /** The alerts Prometheus holds now, each a map with labels and state. */
  List<Object> alerts() throws Exception {
    Map<String, Object> body = TestJson.object(get("/api/v1/alerts").body());
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) body.get("data");
    @SuppressWarnings("unchecked")
    List<Object> alerts = (List<Object>) data.get("alerts");
    return alerts;
  }

  /** The names of the rules Prometheus loaded (GET /api/v1/rules). */
  @SuppressWarnings("unchecked")
  List<String> rules() throws Exception {
    Map<String, Object> body = TestJson.object(get("/api/v1/rules").body());
    List<String> names = new java.util.ArrayList<>();
    Map<String, Object> data = (Map<String, Object>) body.get("data");
    for (Object g : (List<Object>) data.get("groups")) {
      for (Object r : (List<Object>) ((Map<String, Object>) g).get("rules")) {
        names.add((String) ((Map<String, Object>) r).get("name"));
      }
    }
    return names;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    Tools.stop(process, 15);
  }
}
