package io.mpmexporter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.json.JsonWriter;
import io.mpmexporter.mpm.Mpm;
import io.mpmexporter.mpm.SwitchReport;
import io.mpmexporter.mpm.SwitchRequest;
import io.mpmexporter.switchapi.AgentAnswer;
import io.mpmexporter.switchapi.AgentClient;
import io.mpmexporter.switchapi.AgentWire;
import io.mpmexporter.switchapi.SwitchCodec;
import io.prometheus.client.CollectorRegistry;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin service without HTTP and without root: an agent on a Unix socket that gives one canned
 * answer (or none), and what the service makes of it — the HTTP status, the counter, the audit
 * fields, and whether the exporter polls again at once.
 */
class MpmAdminTest {
  @TempDir Path tmp;
  private final CollectorRegistry registry = new CollectorRegistry();
  private final AdminMetrics metrics = new AdminMetrics(registry);
  private final AtomicInteger refreshed = new AtomicInteger();
  private ServerSocketChannel server;
  private Thread agent;

  private static final SwitchRequest TO_PREFORK =
      new SwitchRequest(Mpm.PREFORK, false, false, null, "test", null);

  /** An agent that reads one request and answers {@code line}; null: closes without answering. */
  private Path agentAnswering(String line) throws Exception {
    Path socket = tmp.resolve("agent.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    agent =
        new Thread(
            () -> {
              try (SocketChannel ch = server.accept()) {
                AgentWire.readLine(ch, 4096);
                if (line != null) {
                  AgentWire.writeLine(ch, line);
                }
              } catch (java.io.IOException e) {
                // the test ends
              }
            });
    agent.start();
    return socket;
  }

  @AfterEach
  void close() throws Exception {
    if (server != null) {
      server.close();
      agent.join(5000);
    }
  }

  private MpmAdmin service(Path socket) {
    return new MpmAdmin(
        new AgentClient(socket), () -> null, metrics, refreshed::incrementAndGet, s -> {});
  }

  private double switches(String result) {
    Double v =
        registry.getSampleValue(
            "apache_exporter_mpm_switches_total", new String[] {"result"}, new String[] {result});
    return v == null ? 0 : v;
  }

  private static SwitchReport report(String result, Long downtimeMs) {
    return new SwitchReport(
        result,
        "event",
        "prefork",
        false,
        false,
        "test",
        "restart",
        "no SO_REUSEPORT",
        Instant.parse("2026-12-07T10:00:00Z"),
        2500,
        downtimeMs,
        List.of(),
        List.of(),
        List.of(),
        null,
        null);
  }

  private AdminReply post(Path socket, Map<String, Object> entry) throws Exception {
    return service(socket).switchMpm(TO_PREFORK, "127.0.0.1", "ab12", entry);
  }

  @Test
  void aSwitchedReportIs200CountedAndPollsAgain() throws Exception {
    String line =
        JsonWriter.write(
            SwitchCodec.encode(
                new AgentAnswer.Report(report(SwitchReport.SWITCHED, 2300L), "debian")));
    Map<String, Object> entry = new LinkedHashMap<>();
    AdminReply reply = post(agentAnswering(line), entry);
    assertThat(reply.code()).isEqualTo(200);
    assertThat(reply.body()).containsEntry("result", "switched").containsEntry("backend", "debian");
    assertThat(entry).containsEntry("to", "prefork").containsEntry("downtime_ms", 2300L);
    assertThat(entry).doesNotContainKey("started");
    assertThat(switches("switched")).isEqualTo(1);
    assertThat(refreshed).hasValue(1);
  }

  @Test
  void aRefusalBeforeApacheIsTouchedIs409AndNoPoll() throws Exception {
    String line =
        JsonWriter.write(
            SwitchCodec.encode(
                new AgentAnswer.Report(report(SwitchReport.INCOMPATIBLE_MODULE, null), "debian")));
    AdminReply reply = post(agentAnswering(line), new LinkedHashMap<>());
    assertThat(reply.code()).isEqualTo(409);
    assertThat(refreshed).hasValue(0);
  }

  @Test
  void aResultTheExporterDoesNotKnowCountsAsFailed() throws Exception {
    String line =
        JsonWriter.write(
            SwitchCodec.encode(new AgentAnswer.Report(report("exploded", 100L), "debian")));
    AdminReply reply = post(agentAnswering(line), new LinkedHashMap<>());
    assertThat(reply.code()).isEqualTo(500);
    assertThat(switches("failed")).isEqualTo(1);
  }

  @Test
  void theAgentsRefusalIs503AndNothingChanged() throws Exception {
    String line =
        JsonWriter.write(
            SwitchCodec.encode(
                new AgentAnswer.Refusal(AgentAnswer.Refusal.REFUSED_PEER, "only x may connect")));
    Map<String, Object> entry = new LinkedHashMap<>();
    AdminReply reply = post(agentAnswering(line), entry);
    assertThat(reply.code()).isEqualTo(503);
    assertThat(reply.body().get("error").toString())
        .contains("only x may connect", "nothing was changed");
    assertThat(entry).containsEntry("result", MpmAdmin.AGENT_UNAVAILABLE);
    assertThat(switches(MpmAdmin.AGENT_UNAVAILABLE)).isEqualTo(1);
  }

  @Test
  void anAgentLostAfterTheRequestIs502() throws Exception {
    AdminReply reply = post(agentAnswering(null), new LinkedHashMap<>());
    assertThat(reply.code()).isEqualTo(502);
    assertThat(reply.body().get("error").toString()).contains("Apache's state is unknown");
    assertThat(switches(MpmAdmin.AGENT_LOST)).isEqualTo(1);
  }

  @Test
  void noAgentIs503() throws Exception {
    AdminReply reply = post(tmp.resolve("no-agent.sock"), new LinkedHashMap<>());
    assertThat(reply.code()).isEqualTo(503);
    assertThat(reply.body().get("error").toString()).contains("cannot reach the switch agent");
  }
}
