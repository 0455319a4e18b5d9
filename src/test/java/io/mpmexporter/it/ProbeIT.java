package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.ExpositionText;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /probe}: one exporter reads three real private Apaches (event, worker, prefork, the last
 * with a status page behind Basic auth), a dead port and a port that accepts and never answers; a
 * real Prometheus scrapes them with the relabelling docs/probe.md gives.
 */
class ProbeIT {
  private static final String PASSWORD = "probe-sesame-" + System.nanoTime();
  private static final String[] MPMS = {"event", "worker", "prefork"};
  private static final int CONCURRENT = 200;

  @TempDir static Path tmp;
  private static final List<ApacheInstance> apaches = new ArrayList<>();
  private static ServerSocket hanging;
  private static final List<Socket> held = new CopyOnWriteArrayList<>();
  private static int deadPort;
  private static ExporterProcess exporter;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void start() throws Exception {
    Path pki = Files.createDirectories(tmp.resolve("pki"));
    Tools.htpasswd(pki.resolve("htpasswd"), "prometheus", PASSWORD);
    for (String mpm : MPMS) {
      ApacheInstance a = ApacheInstance.create(tmp.resolve(mpm), mpm);
      apaches.add(a);
      if (mpm.equals("prefork")) {
        a.addConf(
            "protected", ApacheInstance.protectedStatusPages(pki.resolve("htpasswd"), "x.test"));
      }
      a.start();
    }
    deadPort = ApacheInstance.freePort();
    hanging = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!hanging.isClosed()) {
                try {
                  held.add(hanging.accept()); // read nothing, answer nothing
                } catch (IOException closed) {
                  return;
                }
              }
            },
            "hanging-target");
    acceptor.setDaemon(true);
    acceptor.start();

    Path password = tmp.resolve("status.password");
    Files.writeString(password, PASSWORD + "\n");
    Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
    StringBuilder allowed = new StringBuilder();
    for (ApacheInstance a : apaches) {
      allowed.append("  - 127.0.0.1:").append(a.port()).append('\n');
    }
    Path config = tmp.resolve("probe.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "modules:",
            "  default:",
            "    timeout: 3s",
            "    expected_mpm: [event, worker]",
            "  protected:",
            "    path: /status-basic?auto",
            "    basic_auth:",
            "      username: prometheus",
            "      password_file: status.password",
            "  slow:",
            "    timeout: 8s",
            "allowed_targets:",
            allowed + "  - 127.0.0.1:" + deadPort,
            "  - 127.0.0.1:" + hanging.getLocalPort(),
            ""));
    exporter =
        ExporterProcess.start(
            tmp,
            Map.of(),
            Tools.shippedJvmFlags(),
            "--probe.only",
            "--probe.config.file=" + config,
            "--probe.max-concurrent=" + CONCURRENT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (exporter != null) {
      exporter.close();
    }
    if (hanging != null) {
      hanging.close();
    }
    for (Socket s : held) {
      s.close();
    }
    for (ApacheInstance a : apaches) {
      a.close();
    }
  }

  private static HttpResponse<String> probe(String target, String module) throws Exception {
    return exporter.get(query(target, module));
  }

  private static String query(String target, String module) {
    return "/probe?target="
        + URLEncoder.encode(target, StandardCharsets.UTF_8)
        + (module == null ? "" : "&module=" + module);
  }

  private static String local(ApacheInstance a) {
    return "127.0.0.1:" + a.port();
  }

  @Test
  void eachTargetAnswersItsOwnMpmAndTheProbeCosts() throws Exception {
    for (int i = 0; i < MPMS.length; i++) {
      HttpResponse<String> r = probe(local(apaches.get(i)), null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      Map<String, Double> m = ExpositionText.parse(r.body());
      assertThat(m.get("apache_up")).as(MPMS[i]).isEqualTo(1.0);
      assertThat(m.get("apache_mpm_running{mpm=\"" + MPMS[i] + "\"}")).isEqualTo(1.0);
      assertThat(m.get("apache_mpm_unexpected")).isEqualTo(MPMS[i].equals("prefork") ? 1.0 : 0.0);
      assertThat(m).containsKey("apache_workers{state=\"busy\"}");
      assertThat(m).containsKey("apache_scoreboard_slots");
      // What needs the server itself is absent, not zero.
      assertThat(m.keySet())
          .noneMatch(k -> k.startsWith("apache_mpm_configured"))
          .noneMatch(k -> k.startsWith("apache_mpm_restart_pending"))
          .noneMatch(k -> k.startsWith("apache_config_test_ok"))
          .noneMatch(k -> k.startsWith("apache_exporter_"))
          .noneMatch(k -> k.startsWith("apache_start_time_seconds"));
    }
    // The cost of one probe, as the probe measures it and as a client sees it (100 in a row).
    double probeSeconds = 0;
    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      HttpResponse<String> r = probe(local(apaches.get(0)), null);
      probeSeconds += ExpositionText.parse(r.body()).get("apache_probe_duration_seconds");
    }
    double wallMs = (System.nanoTime() - start) / 1e6 / 100;
    System.out.printf(
        "probe cost: %.2f ms per probe inside the exporter, %.2f ms per /probe request end to end"
            + " (100 probes of a private event Apache)%n",
        probeSeconds * 1000 / 100, wallMs);
  }

  @Test
  void aTargetOutsideAllowedTargetsIsRefusedAndSeesNoRequest() throws Exception {
    ApacheInstance worker = apaches.get(1);
    long before = lines(worker.accessLog());
    // The same server by another name, by URL with another port, with credentials: never fetched.
    List<String> refused =
        List.of(
            "localhost:" + worker.port(),
            "http://localhost:" + worker.port() + "/server-status?auto",
            "127.0.0.2:" + worker.port(),
            "127.0.0.1:" + (worker.port() + 10000 > 65535 ? 1 : worker.port() + 10000));
    for (String target : refused) {
      HttpResponse<String> r = probe(target, null);
      assertThat(r.statusCode()).as(target + ": " + r.body()).isEqualTo(403);
      assertThat(r.body()).contains("not in allowed_targets");
    }
    HttpResponse<String> creds = probe("http://u:p@127.0.0.1:" + worker.port() + "/", null);
    assertThat(creds.statusCode()).isEqualTo(400);
    assertThat(probe(local(worker), "nosuchmodule").statusCode()).isEqualTo(400);
    assertThat(exporter.get("/probe").statusCode()).isEqualTo(400);
    Thread.sleep(500); // Apache writes its log line after the answer
    assertThat(lines(worker.accessLog())).as("requests the worker Apache saw").isEqualTo(before);
    // The log does record a probe: one allowed probe adds one line.
    assertThat(probe(local(worker), null).statusCode()).isEqualTo(200);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (lines(worker.accessLog()) == before && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(lines(worker.accessLog())).isEqualTo(before + 1);
    // /metrics renders at most once a second between polls: the counter follows within that.
    exporter.await(
        "the refusals counted",
        Duration.ofSeconds(5),
        m -> m.getOrDefault("apache_exporter_probes_total{outcome=\"forbidden\"}", 0.0) >= 4);
  }

  @Test
  void aProbeOnlyExporterServesItsOwnSeriesAndNoApacheOfItsOwn() throws Exception {
    Map<String, Double> m = exporter.metrics();
    assertThat(m.keySet()).anyMatch(k -> k.startsWith("apache_exporter_build_info"));
    assertThat(m).containsKey("apache_exporter_probes_in_flight");
    assertThat(m.keySet())
        .as("nothing of a local Apache")
        .noneMatch(k -> k.startsWith("apache_up"))
        .noneMatch(k -> k.startsWith("apache_exporter_poll_"))
        .noneMatch(k -> k.startsWith("apache_mpm_"));
    assertThat(exporter.get("/-/ready").statusCode()).isEqualTo(200);
    assertThat(exporter.get("/").body()).contains("--probe.only");
  }

  @Test
  void aDeadTargetAnswers200WithApacheUp0AndTheReason() throws Exception {
    HttpResponse<String> r = probe("127.0.0.1:" + deadPort, null);
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, Double> m = ExpositionText.parse(r.body());
    assertThat(m.get("apache_up")).isEqualTo(0.0);
    assertThat(m.get("apache_probe_failed{reason=\"refused\"}")).isEqualTo(1.0);
    assertThat(m).containsKey("apache_probe_duration_seconds");
  }

  @Test
  void aModuleWithBasicAuthReadsAProtectedStatusPage() throws Exception {
    ApacheInstance prefork = apaches.get(2);
    HttpResponse<String> r = probe(local(prefork), "protected");
    Map<String, Double> m = ExpositionText.parse(r.body());
    assertThat(m.get("apache_up")).as(r.body()).isEqualTo(1.0);
    assertThat(m.get("apache_mpm_running{mpm=\"prefork\"}")).isEqualTo(1.0);
    // Without the module's credentials the same page is refused: auth.
    String url = "http://127.0.0.1:" + prefork.port() + "/status-basic?auto";
    Map<String, Double> open = ExpositionText.parse(probe(url, null).body());
    assertThat(open.get("apache_up")).isEqualTo(0.0);
    assertThat(open.get("apache_probe_failed{reason=\"auth\"}")).isEqualTo(1.0);
    assertThat(exporter.log()).doesNotContain(PASSWORD);
  }

  @Test
  void twoHundredProbesOfAHangingTargetDoNotDelayMetrics() throws Exception {
    String target = "127.0.0.1:" + hanging.getLocalPort();
    List<CompletableFuture<HttpResponse<String>>> probes = new ArrayList<>();
    HttpClient many = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (int i = 0; i < CONCURRENT; i++) {
      HttpRequest req =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + exporter.port() + query(target, "slow")))
              .timeout(Duration.ofSeconds(30))
              .build();
      probes.add(many.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
    }
    exporter.await(
        CONCURRENT + " probes in flight",
        Duration.ofSeconds(8),
        m -> Double.valueOf(CONCURRENT).equals(m.get("apache_exporter_probes_in_flight")));
    long worst = 0;
    for (int i = 0; i < 5; i++) {
      long t = System.nanoTime();
      HttpResponse<String> r = exporter.get("/metrics");
      worst = Math.max(worst, System.nanoTime() - t);
      assertThat(r.statusCode()).isEqualTo(200);
    }
    // One more probe than allowed: 503 at once, nothing sent.
    long t = System.nanoTime();
    HttpResponse<String> busy = probe(local(apaches.get(0)), null);
    long busyNanos = System.nanoTime() - t;
    assertThat(busy.statusCode()).isEqualTo(503);
    assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
    System.out.printf(
        "with %d probes of a hanging target in flight: /metrics in %.1f ms at worst (5 scrapes),"
            + " probe %d answered 503 in %.1f ms%n",
        CONCURRENT, worst / 1e6, CONCURRENT + 1, busyNanos / 1e6);
    assertThat(worst).as("slowest /metrics, ns").isLessThan(TimeUnit.SECONDS.toNanos(1));
    for (CompletableFuture<HttpResponse<String>> f : probes) {
      HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("apache_probe_failed{reason=\"timeout\",} 1.0");
    }
    // The exporter closed every connection to the hanging target at its deadline: each one the
    // target accepted reads end-of-stream (a leak would hold them open).
    int open = 0;
    for (Socket socket : held) {
      socket.setSoTimeout(200);
      try {
        // The request the exporter sent, then end-of-stream if it closed the connection.
        byte[] buffer = new byte[4096];
        while (socket.getInputStream().read(buffer) != -1) {
          // the request's bytes
        }
      } catch (java.net.SocketTimeoutException stillOpen) {
        open++;
      } catch (IOException reset) {
        // closed by the exporter
      }
    }
    System.out.printf(
        "connections the hanging target accepted: %d, still open after the probes: %d%n",
        held.size(), open);
    assertThat(held).hasSizeGreaterThanOrEqualTo(CONCURRENT);
    assertThat(open).isZero();
    assertThat(exporter.metrics().get("apache_exporter_probes_in_flight")).isEqualTo(0.0);
  }

  @Test
  void prometheusScrapesTheTargetsWithTheDocumentedRelabelling() throws Exception {
    String rules = Files.readString(PromtoolIT.RULES).replaceAll("for: \\d+m", "for: 2s");
    Path rulesCopy = tmp.resolve("rules.yml");
    Files.writeString(rulesCopy, rules);
    String scrape = documented("probe-scrape");
    StringBuilder targets = new StringBuilder();
    for (ApacheInstance a : apaches) {
      targets.append("          - ").append(local(a)).append('\n');
    }
    targets.append("          - 127.0.0.1:").append(deadPort).append('\n');
    String config =
        "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
            + "rule_files: ['"
            + rulesCopy
            + "']\n"
            + scrape
                .replaceAll("(?m)^          - web\\S+\\n", "")
                .replace("      - targets:\n", "      - targets:\n" + targets)
                .replace("exporter.internal:9117", "127.0.0.1:" + exporter.port());
    try (PrometheusServer prometheus =
        PrometheusServer.startWithConfig(tmp.resolve("prom"), config)) {
      String job = "apache_probe";
      awaitCount(prometheus, "apache_up{job=\"" + job + "\"}", 4);
      for (int i = 0; i < MPMS.length; i++) {
        String sel = "{job=\"" + job + "\",instance=\"" + local(apaches.get(i)) + "\"";
        assertThat(prometheus.query("apache_up" + sel + "} == 1")).as(MPMS[i]).hasSize(1);
        assertThat(prometheus.query("apache_mpm_running" + sel + ",mpm=\"" + MPMS[i] + "\"} == 1"))
            .as(MPMS[i])
            .hasSize(1);
      }
      String dead = "{job=\"" + job + "\",instance=\"127.0.0.1:" + deadPort + "\"}";
      assertThat(prometheus.query("apache_up" + dead + " == 0")).hasSize(1);
      awaitFiring(prometheus, "ApacheDown", "127.0.0.1:" + deadPort);

      // The dashboard for a probe job: which panels have data for the event target.
      Map<String, List<String>> queries = DashboardIT.queries(DashboardIT.dashboard());
      Set<String> withData = new TreeSet<>();
      Set<String> without = new TreeSet<>();
      for (Map.Entry<String, List<String>> e : queries.entrySet()) {
        boolean any = false;
        for (String expr : e.getValue()) {
          String q = DashboardIT.substitute(expr, job, local(apaches.get(0)));
          any |= !prometheus.query(q).isEmpty();
        }
        (any ? withData : without).add(e.getKey());
      }
      System.out.println("dashboard panels with data for a probe job: " + withData);
      System.out.println(
          "dashboard panels without (local access, history or none yet): " + without);
      assertThat(withData)
          .contains(
              "Running vs configured MPM",
              "Running MPM",
              "Expected MPM",
              "Workers",
              "Saturation",
              "Scoreboard",
              "Connections (event MPM only)",
              "Apache up",
              "Uptime",
              "Poll duration",
              "Servers",
              "MPM distribution");
      List<Object> variable =
          prometheus.query(
              "group by (job) ({__name__=~\"apache_exporter_build_info|apache_probe_duration_seconds\"})");
      assertThat(variable.toString()).contains(job);
    }
  }

  /** The YAML of a block of docs/probe.md, marked {@code <!-- NAME:begin -->}. */
  private static String documented(String name) throws IOException {
    String doc = Files.readString(Tools.projectRoot().resolve("docs/probe.md"));
    int begin = doc.indexOf("<!-- " + name + ":begin -->");
    int end = doc.indexOf("<!-- " + name + ":end -->");
    assertThat(begin).as(name).isNotNegative();
    String block = doc.substring(begin, end);
    return block.substring(block.indexOf("```yaml\n") + 8, block.lastIndexOf("```"));
  }

  private static long lines(Path log) throws IOException {
    return Files.exists(log) ? Files.readAllLines(log).size() : 0;
  }

  private static void awaitCount(PrometheusServer prometheus, String promql, int n)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    int last = 0;
    while (System.nanoTime() < deadline) {
      last = prometheus.query(promql).size();
      if (last == n) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(promql + ": " + last + " series, not " + n + ": " + prometheus.log());
  }

  @SuppressWarnings("unchecked")
  private static void awaitFiring(PrometheusServer prometheus, String alert, String instance)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (System.nanoTime() < deadline) {
      for (Object o : prometheus.alerts()) {
        Map<String, Object> a = (Map<String, Object>) o;
        Map<String, Object> labels = (Map<String, Object>) a.get("labels");
        if ("firing".equals(a.get("state"))
            && alert.equals(labels.get("alertname"))
            && instance.equals(labels.get("instance"))) {
          return;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError(alert + " did not fire for " + instance + ": " + prometheus.alerts());
  }
}
