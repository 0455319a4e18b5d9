package io.mpmexporter.switchapi;

import io.mpmexporter.json.JsonException;
import io.mpmexporter.json.JsonReader;
import io.mpmexporter.json.JsonWriter;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/** The exporter's end of the agent socket: one request, one answer, under a deadline. */
public final class AgentClient {
  /** A switch answer with its report: a rollback after a failed start can take minutes. */
  static final int MAX_ANSWER = 256 * 1024;

  private final Path socket;

  public AgentClient(Path socket) {
    this.socket = socket;
  }

  public Path socket() {
    return socket;
  }

  /**
   * The agent could not be reached, or its answer was cut off or unreadable. {@link #sent} tells
   * the two apart: once the request was sent, the agent may have acted on it.
   */
  public static final class AgentException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean sent;

    AgentException(String message, boolean sent) {
      super(message, null, false, false);
      this.sent = sent;
    }

    /** Whether the whole request reached the agent before the failure. */
    public boolean sent() {
      return sent;
    }
  }

  /**
   * The agent's state.
   *
   * @throws AgentException when the agent cannot be reached, refuses us or answers something else
   */
  public AgentState state(Duration deadline) throws AgentException, InterruptedException {
    Map<String, Object> answer = call(AgentRequest.state(), deadline);
    try {
      return SwitchCodec.state(answer);
    } catch (JsonException e) {
      throw new AgentException("unreadable state from the switch agent: " + e.getMessage(), true);
    }
  }

  /**
   * Sends a switch request; the answer is the report, or the agent's refusal (nothing changed).
   *
   * @throws AgentException when the agent cannot be reached, or was lost after the request was sent
   *     ({@link AgentException#sent()}), or its answer cannot be read
   */
  public AgentAnswer switchMpm(AgentRequest request, Duration deadline)
      throws AgentException, InterruptedException {
    Map<String, Object> answer = call(request, deadline);
    try {
      return SwitchCodec.answer(answer);
    } catch (JsonException e) {
      throw new AgentException("unreadable answer from the switch agent: " + e.getMessage(), true);
    }
  }

  /** Sends {@code request} and returns the agent's JSON answer. */
  private Map<String, Object> call(AgentRequest request, Duration deadline)
      throws AgentException, InterruptedException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ScheduledFuture<?> timer = AgentWire.deadline(ch, deadline);
      boolean sent = false;
      try {
        ch.connect(UnixDomainSocketAddress.of(socket));
        AgentWire.writeLine(ch, JsonWriter.write(request.toMap()));
        ch.shutdownOutput();
        sent = true;
        String answer = AgentWire.readLine(ch, MAX_ANSWER);
        if (answer.isEmpty()) {
          throw new AgentException(
              "the switch agent at " + socket + " closed the connection without an answer", sent);
        }
        return JsonReader.readObject(answer);
      } catch (IOException e) {
        if (timer.isDone()) {
          throw new AgentException(
              "the switch agent at " + socket + " did not answer within " + deadline, sent);
        }
        String what = sent ? "lost the switch agent at " : "cannot reach the switch agent at ";
        throw new AgentException(what + socket + ": " + e, sent);
      } catch (JsonException e) {
        throw new AgentException(
            "unreadable answer from the switch agent: " + e.getMessage(), sent);
      } finally {
        timer.cancel(false);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    } catch (IOException e) {
      throw new AgentException("cannot open a Unix socket: " + e, false);
    }
  }
}
