package io.mpmexporter.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Talks to a switch agent's socket as a stranger or a broken client would: raw bytes, no client
 * library (the exporter's own client is {@code switchapi.AgentClient}).
 */
public final class AgentSocket {
  private AgentSocket() {}

  /** Sends {@code line} and a newline, half-closes, and returns all the agent answers. */
  public static String line(Path socket, String line) throws IOException {
    return send(socket, (line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends {@code request} as it is, half-closes, and returns all the agent answers (empty when it
   * answers nothing). An agent that closes while an oversized request is still being written is not
   * an error: its answer, if any, is read.
   */
  public static String send(Path socket, byte[] request) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer out = ByteBuffer.wrap(request);
      try {
        while (out.hasRemaining()) {
          ch.write(out);
        }
        ch.shutdownOutput();
      } catch (IOException closedByAgent) {
        // the agent stopped reading first
      }
      return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
