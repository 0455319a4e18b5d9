package io.mpmexporter.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.mpm.ConfigBackend;
import io.mpmexporter.mpm.Mpm;
import io.mpmexporter.mpm.MpmSwitcher;
import io.mpmexporter.switchapi.AuditLog;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
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

  private Path start(String allowedUser) throws Exception {
    Path socket = tmp.resolve("switch.sock");
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    channel.bind(UnixDomainSocketAddress.of(socket));
    AuditLog audit = new AuditLog(tmp.resolve("audit.log"));
    MpmSwitcher switcher =
        new MpmSwitcher(null, null, NAMED_ONLY, null, Duration.ofSeconds(1), null);
    JournalFile records = JournalFile.open(tmp.resolve("state"), audit, Map.of());
    agent = new SwitchAgent(channel, allowedUser, switcher, audit, records, Map.of("unit", "x"));
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
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.shutdownOutput();
      return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
    }
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
}
