package io.mpmexporter.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.mpm.ConfigBackend;
import io.mpmexporter.mpm.Mpm;
import io.mpmexporter.mpm.MpmSwitcher;
import io.mpmexporter.mpm.SwitchRequest;
import io.mpmexporter.switchapi.AgentAnswer;
import io.mpmexporter.switchapi.AgentClient;
import io.mpmexporter.switchapi.AgentRequest;
import io.mpmexporter.switchapi.AgentSetup;
import io.mpmexporter.switchapi.AgentState;
import io.mpmexporter.switchapi.AuditLog;
import io.mpmexporter.testing.AgentSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's socket server without root and without Apache: the peer-credential check decides who
 * is served (the kernel's SO_PEERCRED names this test's own user), refusals are audited, and a
 * state query from the allowed user is answered. Nothing here reaches the switch procedure.
 */
class SwitchAgentTest {
  @TempDir Path tmp;
  private SwitchAgent agent;
  private Thread serving;

  /** A backend that only names itself: a state query asks no more of it. */
  private static final ConfigBackend NAMED_ONLY =
      new ConfigBackend() {
        @Override
        public io.mpmexporter.mpm.CapacityOverride capacityOverride() {
          return null;
        }

        @Override
        public String name() {
          return "test";
        }

        @Override
        public List<String> plan(Mpm target) {
          return List.of();
        }

        @Override
        public Undo select(Mpm target) {
          throw new AssertionError("a test of the socket must not change a config");
        }
      };

  private static final AgentSetup SETUP =
      new AgentSetup("test", "switch.sock", false, null, "stop", "start", "/state");

  private Path start(String allowedUser) throws Exception {
    Path socket = tmp.resolve("switch.sock");
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    channel.bind(UnixDomainSocketAddress.of(socket));
    AuditLog audit = new AuditLog(tmp.resolve("audit.log"));
    MpmSwitcher switcher =
        new MpmSwitcher(null, null, NAMED_ONLY, null, Duration.ofSeconds(1), null);
    JournalFile records = JournalFile.open(tmp.resolve("state"), audit, Map.of());
    agent =
        new SwitchAgent(channel, allowedUser, new SwitchService(switcher, audit, records, SETUP));
    serving =
        new Thread(
            () -> {
              try {
                agent.serve(Duration.ZERO);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    serving.start();
    return socket;
  }

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.close();
      serving.join(5000);
    }
  }

  private static String send(Path socket, String line) throws Exception {
    return AgentSocket.line(socket, line);
  }

  @Test
  void anotherUserIsRefusedBeforeItsRequestIsReadAndTheRefusalIsAudited() throws Exception {
    Path socket = start("someone-else");
    String answer = send(socket, "{\"action\":\"switch\",\"mpm\":\"prefork\"}");
    assertThat(answer).contains("\"result\":\"refused_peer\"", "only someone-else may connect");
    List<String> audit = Files.readAllLines(tmp.resolve("audit.log"));
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0))
        .contains("\"peer\":\"" + System.getProperty("user.name") + "\"", "refused_peer");
  }

  @Test
  void theAllowedUserGetsTheState() throws Exception {
    Path socket = start(System.getProperty("user.name"));
    String answer = send(socket, "{\"action\":\"state\"}");
    assertThat(answer)
        .contains(
            "\"backend\":\"test\"",
            "\"allowed\":[\"event\",\"worker\",\"prefork\"]",
            "\"refused_peers\":0",
            "\"recovering\":false");
    assertThat(tmp.resolve("audit.log")).doesNotExist();
  }

  @Test
  void theExportersClientReadsTheStateAsARecord() throws Exception {
    Path socket = start(System.getProperty("user.name"));
    AgentState state = new AgentClient(socket).state(Duration.ofSeconds(5));
    assertThat(state.setup()).isEqualTo(SETUP);
    assertThat(state.backend()).isEqualTo("test");
    assertThat(state.allowed()).containsExactly("event", "worker", "prefork");
    assertThat(state.handoverReady()).as("no hand-over probe in this agent").isNull();
    assertThat(state.lastSwitch()).isNull();
    assertThat(state.requestsServed()).isEqualTo(1);
  }

  @Test
  void theExportersClientSeesARefusalAsOneAndNothingRuns() throws Exception {
    Path socket = start("someone-else");
    AgentAnswer answer =
        new AgentClient(socket)
            .switchMpm(
                AgentRequest.switchMpm(
                    new SwitchRequest(Mpm.PREFORK, false, false, null, null, null),
                    "127.0.0.1",
                    "ab12"),
                Duration.ofSeconds(5));
    assertThat(answer)
        .isEqualTo(
            new AgentAnswer.Refusal(
                AgentAnswer.Refusal.REFUSED_PEER, "only someone-else may connect"));
    assertThatThrownBy(() -> new AgentClient(socket).state(Duration.ofSeconds(5)))
        .hasMessageContaining("refused: only someone-else may connect");
  }
}
