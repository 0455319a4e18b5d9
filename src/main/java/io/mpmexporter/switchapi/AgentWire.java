package io.mpmexporter.switchapi;

import io.mpmexporter.base.DaemonThreads;
import io.mpmexporter.base.Utf8;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The framing both ends of the agent socket share: one UTF-8 line each way, its length capped, and
 * every exchange under a deadline (a blocking Unix socket has no read timeout, so a timer closes
 * the channel, which ends a blocked read or write).
 */
public final class AgentWire {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("agent-deadline"));

  private AgentWire() {}

  /** Closes {@code channel} after {@code deadline} unless cancelled first. */
  public static ScheduledFuture<?> deadline(SocketChannel channel, Duration deadline) {
    return TIMER.schedule(
        () -> {
          try {
            channel.close();
          } catch (IOException ignored) {
            // closing is all we wanted
          }
        },
        deadline.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Writes one line (a newline is added). */
  public static void writeLine(SocketChannel channel, String line) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
  }

  /**
   * Reads up to the first newline or the end of the stream.
   *
   * @throws IOException when more than {@code max} bytes come before it, or the bytes are not UTF-8
   */
  public static String readLine(SocketChannel channel, int max) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(max + 1);
    while (buf.hasRemaining()) {
      int start = buf.position();
      if (channel.read(buf) < 0) {
        break;
      }
      for (int i = start; i < buf.position(); i++) {
        if (buf.get(i) == '\n') {
          buf.position(i);
          return utf8(buf);
        }
      }
    }
    if (!buf.hasRemaining()) {
      throw new IOException("line longer than " + max + " bytes");
    }
    return utf8(buf);
  }

  private static String utf8(ByteBuffer buf) throws IOException {
    buf.flip();
    try {
      return Utf8.decode(buf);
    } catch (CharacterCodingException e) {
      throw new IOException("not UTF-8");
    }
  }
}
