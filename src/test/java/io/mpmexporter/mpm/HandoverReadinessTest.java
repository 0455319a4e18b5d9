package io.mpmexporter.mpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe against real loopback listeners, with and without SO_REUSEPORT. */
class HandoverReadinessTest {
  @TempDir Path tmp;

  private static ServerSocketChannel listener(boolean reusePort) throws Exception {
    ServerSocketChannel s = ServerSocketChannel.open();
    s.setOption(StandardSocketOptions.SO_REUSEPORT, reusePort);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return s;
  }

  private static URI status(ServerSocketChannel s) throws Exception {
    int port = ((InetSocketAddress) s.getLocalAddress()).getPort();
    return URI.create("http://127.0.0.1:" + port + "/server-status?auto");
  }

  @Test
  void aListenerWithReusePortIsReadyAndTheMigrateSettingIsRead() throws Exception {
    Path migrate = Files.writeString(tmp.resolve("tcp_migrate_req"), "1\n");
    try (ServerSocketChannel s = listener(true)) {
      HandoverReadiness r = HandoverReadiness.probe(status(s), migrate);
      assertThat(r.reusePort()).as(r.detail()).isTrue();
      assertThat(r.migrateReq()).isEqualTo(1);
      // The probe never listened: the real listener still gets every connection.
      assertThat(s.isOpen()).isTrue();
    }
  }

  @Test
  void aListenerWithoutReusePortIsNotReadyAndTheReasonSaysWhatToAdd() throws Exception {
    try (ServerSocketChannel s = listener(false)) {
      HandoverReadiness r = HandoverReadiness.probe(status(s), tmp.resolve("missing"));
      assertThat(r.reusePort()).isFalse();
      assertThat(r.migrateReq()).as("a kernel without the setting").isNull();
      assertThat(r.detail()).contains("no SO_REUSEPORT", "ListenCoresBucketsRatio 1");
    }
  }
}
