package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-over strategy on a real private Apache, the agent as root: a bridge of the new MPM on
 * the same port (SO_REUSEPORT), the old server stopped gracefully, the main server started on the
 * new MPM, the bridge stopped — under load, with no failed request.
 */
class HandoverIT {
  private static final Path MIGRATE = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");
  private static String migrateBefore;

  @TempDir Path tmp;
  private ApacheInstance apache;
  private SwitchAgentProcess agent;
  private ExporterProcess exporter;

  /** tcp_migrate_req=1 for these tests (the value before is put back afterwards). */
  @BeforeAll
  static void migrateQueuedConnections() throws Exception {
    Tools.requireRoot("the hand-over sets net.ipv4.tcp_migrate_req and binds as Apache's user");
    if (DaemonUser.root() && Files.exists(MIGRATE)) {
      migrateBefore = Files.readString(MIGRATE).strip();
      Files.writeString(MIGRATE, "1");
    }
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
    exporter =
        ExporterProcess.watching(
            tmp,
            apache,
            apache.statusUrl(),
            "--admin.token-file=" + AdminClient.tokenFile(tmp),
            "--admin.listen-address=127.0.0.1:" + ApacheInstance.freePort(),
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

  private Map<String, Object> send(String request) throws IOException, Exception {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(agent.socket()));
      ch.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.shutdownOutput();
      return TestJson.object(
          new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void threeHandOversUnderLoadLoseNoRequest() throws Exception {
    start(true);
    Map<String, Object> state = send("{\"action\":\"state\"}");
    assertThat(state.get("handover_ready")).as(state.toString()).isEqualTo(true);
    assertThat(handoverReadyMetric()).isEqualTo(1.0);
    if (migrateBefore != null) {
      assertThat(exporter.metrics().get("apache_mpm_tcp_migrate_req")).isEqualTo(1.0);
    }
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
    assertThat(c.failed()).as("failed requests " + close.firstErrors()).isZero();
    assertThat(c.non2xx()).isZero();
    assertThat(k.ok()).isGreaterThan(100);
  }

  private long bridgePid() throws IOException {
    String text = Files.readString(tmp.resolve("apache/run/mpm-bridge.pid")).strip();
    return text.isEmpty() ? 0 : Long.parseLong(text);
  }

  @Test
  void aBridgeThatCannotStartLeavesTheOldServerAndTheConfigAsTheyWere() throws Exception {
    start(true);
    long pid = apache.pid();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      apache.addConf(
          "zz-worker-port",
          "<IfModule mpm_worker_module>\n  Listen 127.0.0.1:"
              + taken.getLocalPort()
              + "\n</IfModule>\n");
      Map<String, Object> r = send("{\"action\":\"switch\",\"mpm\":\"worker\"}");
      assertThat(r.get("result")).as(r.toString()).isEqualTo("refused");
      assertThat(r.get("strategy")).isEqualTo("handover");
      assertThat((String) r.get("error"))
          .contains("start bridge", "the old server was not stopped");
    }
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
