package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mpmexporter.testing.AgentSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-over strategy on a real private Apache, the agent as root: a bridge of the new MPM on
 * the same port (SO_REUSEPORT), the old server stopped gracefully, the main server started on the
 * new MPM, the bridge stopped — under load. Clients with Connection: close lose at most one request
 * per hand-over (3 resets in about 2.2 million requests measured; see the test); keep-alive clients
 * lose some, counted and printed, since the old server closes their idle connections.
 */
class HandoverIT {
  private static final Path MIGRATE = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");
  private static String migrateBefore;

  /** How long the test's backend takes to answer: longer than the former 10 s write deadline. */
  private static final Duration SLOW_BACKEND = Duration.ofSeconds(13);

  @TempDir Path tmp;
  private ApacheInstance apache;
  private SwitchAgentProcess agent;
  private ExporterProcess exporter;
  private int adminPort;

  /** tcp_migrate_req=1 for these tests (the value before is put back afterwards). */
  @BeforeAll
  static void migrateQueuedConnections() throws Exception {
    Tools.requireRoot("the hand-over sets net.ipv4.tcp_migrate_req and binds as Apache's user");
    if (!Files.exists(MIGRATE)) {
      // Without it the closing listener's queue is reset: the measured figures would not hold.
      Tools.missing(MIGRATE + " (Linux 5.14+): the hand-over's figures assume it");
    }
    migrateBefore = Files.readString(MIGRATE).strip();
    Files.writeString(MIGRATE, "1");
  }

  @AfterAll
  static void restoreMigrate() throws Exception {
    if (migrateBefore != null) {
      Files.writeString(MIGRATE, migrateBefore);
    }
  }

  private void start(boolean reusePort) throws Exception {
    Tools.requireRoot("the SO_REUSEPORT probe binds as Apache's user");
    apache = ApacheInstance.create(tmp.resolve("apache"), "event");
    if (reusePort) {
      apache.addConf("zz-reuseport", "ListenCoresBucketsRatio 1\n");
    }
    apache.start();
    agent = SwitchAgentProcess.start(tmp, apache, System.getProperty("user.name"));
    adminPort = ApacheInstance.freePort();
    exporter =
        ExporterProcess.watching(
            tmp,
            apache,
            apache.statusUrl(),
            "--admin.token-file=" + AdminClient.tokenFile(tmp),
            "--admin.listen-address=127.0.0.1:" + adminPort,
            "--admin.switch-socket=" + agent.socket());
  }

  /** The exporter's readiness gauge, once the agent has been asked. */
  private double handoverReadyMetric() throws Exception {
    return exporter
        .await(
            "apache_mpm_handover_ready",
            java.time.Duration.ofSeconds(20),
            m -> m.containsKey("apache_mpm_handover_ready"))
        .get("apache_mpm_handover_ready");
  }

  @AfterEach
  void stop() throws Exception {
    if (exporter != null) {
      exporter.close();
    }
    if (agent != null) {
      agent.close();
    }
    if (apache != null) {
      apache.close();
    }
  }

  private Map<String, Object> send(String request) throws Exception {
    return TestJson.object(AgentSocket.line(agent.socket(), request));
  }

  @Test
  void threeHandOversUnderLoadLoseAtMostOneRequestEach() throws Exception {
    start(true);
    Map<String, Object> state = send("{\"action\":\"state\"}");
    assertThat(state.get("handover_ready")).as(state.toString()).isEqualTo(true);
    assertThat(handoverReadyMetric()).isEqualTo(1.0);
    assertThat(exporter.metrics().get("apache_mpm_tcp_migrate_req")).isEqualTo(1.0);
    LoadLoop close = LoadLoop.start(apache.port(), "/index.html", 20, false, 120);
    LoadLoop keepAlive = LoadLoop.start(apache.port(), "/index.html", 4, true, 120);
    Thread.sleep(1000);
    for (String target : List.of("prefork", "worker", "event")) {
      Map<String, Object> r = send("{\"action\":\"switch\",\"mpm\":\"" + target + "\"}");
      assertThat(r.get("result")).as(r.toString()).isEqualTo("switched");
      assertThat(r.get("strategy")).isEqualTo("handover");
      assertThat(((Number) r.get("downtime_ms")).longValue()).isZero();
      assertThat(apache.statusMpm()).isEqualTo(target);
      assertThat(apache.ctlMpm()).isEqualTo(target);
      assertThat(
              Files.exists(tmp.resolve("apache/run/mpm-bridge.pid"))
                  && ProcessHandle.of(bridgePid()).map(ProcessHandle::isAlive).orElse(false))
          .as("the bridge is gone")
          .isFalse();
      System.out.printf(
          "hand-over to %s: %s ms end to end; %s%n", target, r.get("duration_ms"), r.get("steps"));
      Thread.sleep(1000);
    }
    LoadLoop.Counts c = close.stop();
    LoadLoop.Counts k = keepAlive.stop();
    System.out.printf(
        "Connection: close clients: %d ok, %d non-2xx, %d failed %s%n",
        c.ok(), c.non2xx(), c.failed(), close.firstErrors());
    System.out.printf(
        "keep-alive clients: %d ok, %d non-2xx, %d failed %s%n",
        k.ok(), k.non2xx(), k.failed(), keepAlive.firstErrors());
    assertThat(c.ok()).isGreaterThan(1000);
    // Measured: 0 failed in 8 runs of this test alone (24 hand-overs, 1,222,000 requests); within
    // the
    // whole suite one connection reset in 3 of 10 runs (~100,000 requests each), never two. The
    // window is not found: the bound is one reset per hand-over, and the count is printed.
    assertThat(c.failed())
        .as("failed requests with Connection: close " + close.firstErrors())
        .isLessThanOrEqualTo(3);
    assertThat(c.non2xx()).isZero();
    assertThat(k.ok()).isGreaterThan(100);
  }

  private long bridgePid() throws IOException {
    String text = Files.readString(tmp.resolve("apache/run/mpm-bridge.pid")).strip();
    return text.isEmpty() ? 0 : Long.parseLong(text);
  }

  /**
   * A long request in flight holds the old server's graceful stop, so the switch takes longer than
   * 10 s (the listeners' write deadline until a CI rollout lost a report to it; the JDK counts the
   * handler's time in it): the admin API still answers with the report, and the long request
   * completes.
   */
  @Test
  void aSwitchThatWaitsForALongRequestStillAnswersThroughTheAdminApi() throws Exception {
    apache = ApacheInstance.create(tmp.resolve("apache"), "event");
    apache.a2("a2enmod", "-q", "proxy_http");
    HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    backend.createContext(
        "/slow",
        exchange -> {
          try {
            Thread.sleep(SLOW_BACKEND.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = "slow answer\n".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    backend.start();
    ExecutorService client = Executors.newSingleThreadExecutor();
    try {
      apache.addConf(
          "zz-slow",
          "ListenCoresBucketsRatio 1\nProxyPass \"/slow\" \"http://127.0.0.1:"
              + backend.getAddress().getPort()
              + "/slow\"\n");
      apache.start();
      agent = SwitchAgentProcess.start(tmp, apache, System.getProperty("user.name"));
      adminPort = ApacheInstance.freePort();
      Path token = AdminClient.tokenFile(tmp);
      exporter =
          ExporterProcess.watching(
              tmp,
              apache,
              apache.statusUrl(),
              "--admin.token-file=" + token,
              "--admin.listen-address=127.0.0.1:" + adminPort,
              "--admin.switch-socket=" + agent.socket());
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      Future<HttpResponse<String>> slow =
          client.submit(
              () ->
                  http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + apache.port() + "/slow"))
                          .timeout(Duration.ofSeconds(60))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()));
      Thread.sleep(500);
      AdminClient admin = new AdminClient(adminPort, Files.readString(token).strip());
      HttpResponse<String> r = admin.post("{\"mpm\":\"prefork\"}");
      Map<String, Object> report = AdminClient.json(r);
      System.out.printf(
          "a switch waiting for a %d s request: HTTP %d after %s ms, strategy %s%n",
          SLOW_BACKEND.toSeconds(),
          r.statusCode(),
          report.get("duration_ms"),
          report.get("strategy"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(report.get("result")).isEqualTo("switched");
      assertThat(report.get("strategy")).isEqualTo("handover");
      assertThat(((Number) report.get("duration_ms")).longValue())
          .as("the switch outlasted the listeners' read deadline and their former write deadline")
          .isGreaterThan(TimeUnit.SECONDS.toMillis(10));
      HttpResponse<String> answer = slow.get(60, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("slow answer\n");
      assertThat(apache.statusMpm()).isEqualTo("prefork");
    } finally {
      client.shutdownNow();
      backend.stop(0);
    }
  }

  @Test
  void aBridgeThatCannotStartLeavesTheOldServerAndTheConfigAsTheyWere() throws Exception {
    start(true);
    long pid = apache.pid();
    apache.occupyPortUnder("worker");
    Map<String, Object> r = send("{\"action\":\"switch\",\"mpm\":\"worker\"}");
    assertThat(r.get("result")).as(r.toString()).isEqualTo("refused");
    assertThat(r.get("strategy")).isEqualTo("handover");
    assertThat((String) r.get("error")).contains("start bridge", "the old server was not stopped");
    assertThat(apache.pid()).isEqualTo(pid);
    assertThat(apache.statusMpm()).isEqualTo("event");
    assertThat(apache.enabledMpms()).containsExactly("mpm_event");
    assertThat(apache.ctlMpm()).isEqualTo("event");
  }

  @Test
  void withoutReusePortAHandOverIsRefusedAndTheDefaultIsARestart() throws Exception {
    start(false);
    assertThat(handoverReadyMetric()).isEqualTo(0.0);
    long pid = apache.pid();
    Map<String, Object> refused =
        send("{\"action\":\"switch\",\"mpm\":\"prefork\",\"strategy\":\"handover\"}");
    assertThat(refused.get("result")).isEqualTo("precondition_failed");
    assertThat((String) refused.get("error")).contains("SO_REUSEPORT", "ListenCoresBucketsRatio");
    assertThat(apache.pid()).isEqualTo(pid);
    assertThat(apache.enabledMpms()).containsExactly("mpm_event");
    Map<String, Object> r = send("{\"action\":\"switch\",\"mpm\":\"prefork\"}");
    assertThat(r.get("result")).as(r.toString()).isEqualTo("switched");
    assertThat(r.get("strategy")).isEqualTo("restart");
    assertThat((String) r.get("strategy_reason")).contains("not ready for a hand-over");
    assertThat(apache.statusMpm()).isEqualTo("prefork");
  }
}
