package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.testing.AgentSocket;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The switch agent's socket spoken to directly, the way a hostile local process would: malformed,
 * oversized, unknown-field and silent requests are refused, counted and audited, and Apache is
 * never touched. The agent here serves the test's own user, so the requests reach the parser; the
 * peer-credential refusal of another user is in {@code AdminIT}.
 */
class SwitchAgentIT {
  @TempDir Path tmp;
  private ApacheInstance apache;
  private SwitchAgentProcess agent;
  private long pid;

  @BeforeEach
  void start() throws Exception {
    apache = ApacheInstance.create(tmp.resolve("apache"), "event");
    apache.start();
    pid = apache.pid();
    agent = SwitchAgentProcess.start(tmp, apache, System.getProperty("user.name"));
  }

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
    apache.close();
  }

  /** Sends raw bytes, half-closes, and returns whatever the agent answers (empty if nothing). */
  private String send(byte[] request) {
    try {
      return AgentSocket.send(agent.socket(), request).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private String send(String request) throws IOException {
    return send(request.getBytes(StandardCharsets.UTF_8));
  }

  private Map<String, Object> state() throws Exception {
    return TestJson.object(send("{\"action\":\"state\"}"));
  }

  @Test
  void theSocketIsOwnerAndGroupOnly() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.socket())))
        .isEqualTo("rw-rw----");
    Map<String, Object> s = state();
    assertThat(s.get("backend")).isEqualTo("debian");
    assertThat(s.get("allowed").toString()).isEqualTo("[event, worker, prefork]");
    assertThat(s.get("socket_activated")).isEqualTo(false);
    assertThat(s.get("stop_cmd")).isEqualTo("apache2ctl stop");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"action\":",
        "not json",
        "{\"action\":\"exec\",\"command\":\"id\"}",
        "{\"action\":\"switch\",\"mpm\":\"prefork\",\"path\":\"/etc/passwd\"}",
        "{\"action\":\"switch\",\"mpm\":\"prefork\",\"module\":\"mod_evil\"}",
        "{\"action\":\"switch\",\"mpm\":\"itk\"}",
        "{\"action\":\"switch\"}",
        "{\"action\":\"state\",\"mpm\":\"prefork\"}",
        "{\"action\":\"switch\",\"mpm\":\"prefork\",\"client\":\"1.2.3.4\\nforged\"}",
        "{\"mpm\":\"prefork\"}"
      })
  void aBadRequestIsRefusedCountedAuditedAndTouchesNothing(String request) throws Exception {
    Map<String, Object> answer = TestJson.object(send(request));
    assertThat(answer.get("result")).isEqualTo("bad_request");
    assertThat(answer.get("error")).isNotNull();
    assertThat(((Number) state().get("bad_requests")).longValue()).isEqualTo(1L);
    assertThat(agent.auditLines()).hasSize(1);
    assertThat(agent.auditLines().get(0)).contains("\"result\":\"bad_request\"");
    assertThat(apache.pid()).isEqualTo(pid);
    assertThat(apache.enabledMpms()).containsExactly("mpm_event");
  }

  /** The allowed user sending garbage as fast as it can does not fill root's disk. */
  @Test
  void tenThousandMalformedRequestsAddABoundedAmountToTheAuditLog() throws Exception {
    long t0 = System.nanoTime();
    for (int i = 0; i < 10_000; i++) {
      send("{\"action\":\"exec\",\"n\":" + i + "}");
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    Path audit = tmp.resolve("agent/switch-audit.log");
    long during = Files.size(audit);
    assertThat(((Number) state().get("bad_requests")).longValue()).isEqualTo(10_000L);
    agent.terminate();
    assertThat(agent.awaitExit(30)).as("exited after its shutdown hook").isNotNegative();
    List<String> lines = agent.auditLines();
    System.out.printf(
        "10,000 malformed requests in %d ms: audit log %d bytes during, %d lines, %d bytes after"
            + " the agent stopped%n",
        ms, during, lines.size(), Files.size(audit));
    assertThat(during).as("bytes in the audit log after 10,000 bad requests").isLessThan(4096);
    assertThat(lines).hasSize(11);
    assertThat(lines.get(10)).contains("\"result\":\"suppressed\"", "\"count\":9990");
    assertThat(apache.pid()).isEqualTo(pid);
  }

  @Test
  void anOversizedRequestIsCutOffUnread() throws Exception {
    String big =
        "{\"action\":\"switch\",\"mpm\":\"prefork\",\"reason\":\"" + "a".repeat(4000) + "\"}";
    assertThat(send(big)).isEmpty();
    assertThat(((Number) state().get("bad_requests")).longValue()).isEqualTo(1L);
    assertThat(apache.enabledMpms()).containsExactly("mpm_event");
  }

  @Test
  void aSilentClientIsDroppedAfterTheReadDeadline() throws Exception {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(agent.socket()));
      long t0 = System.nanoTime();
      int read = ch.read(ByteBuffer.allocate(16));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(read).as("the agent closed the connection").isEqualTo(-1);
      assertThat(ms).isBetween(4_000L, 15_000L);
    }
    assertThat(((Number) state().get("bad_requests")).longValue()).isEqualTo(1L);
  }

  @Test
  void aStopSignalDuringASwitchLetsTheSwitchFinish() throws Exception {
    java.util.concurrent.CompletableFuture<String> answer =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return send("{\"action\":\"switch\",\"mpm\":\"prefork\"}");
              } catch (IOException e) {
                return e.toString();
              }
            });
    // Into the switch (preflight alone takes ~250 ms), then the signal systemd's stop sends.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (apache.enabledMpms().contains("mpm_event") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    agent.terminate();
    String report = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(report).contains("\"result\":\"switched\"");
    assertThat(agent.awaitExit(30)).as("the agent exits once the switch is done").isNotNegative();
    assertThat(apache.statusMpm()).isEqualTo("prefork");
    assertThat(apache.enabledMpms()).containsExactly("mpm_prefork");
  }

  @Test
  void aDryRunThroughTheSocketIsAuditedWithThePeer() throws Exception {
    Map<String, Object> answer =
        TestJson.object(
            send(
                "{\"action\":\"switch\",\"mpm\":\"worker\",\"dry_run\":true,"
                    + "\"client\":\"127.0.0.1\",\"token_fingerprint\":\"abc123\"}"));
    assertThat(answer.get("result")).isEqualTo("dry_run");
    assertThat(answer.get("plan").toString()).contains("a2enmod -q mpm_worker");
    String line = agent.auditLines().get(0);
    assertThat(line)
        .contains(
            "\"peer\":\"" + System.getProperty("user.name") + "\"",
            "\"client\":\"127.0.0.1\"",
            "\"token_fingerprint\":\"abc123\"",
            "\"result\":\"dry_run\"");
    assertThat(apache.pid()).isEqualTo(pid);
  }
}
