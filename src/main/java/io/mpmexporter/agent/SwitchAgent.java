package io.mpmexporter.agent;

import io.mpmexporter.base.DaemonThreads;
import io.mpmexporter.json.JsonException;
import io.mpmexporter.json.JsonWriter;
import io.mpmexporter.log.Log;
import io.mpmexporter.switchapi.AgentAnswer;
import io.mpmexporter.switchapi.AgentRequest;
import io.mpmexporter.switchapi.AgentWire;
import io.mpmexporter.switchapi.SwitchCodec;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The privileged half of the admin API, its transport: it serves one Unix socket, checks each
 * connection against the one allowed user by its kernel-reported credentials ({@code SO_PEERCRED})
 * before a byte is read, reads one capped request line under a deadline, hands it to the {@link
 * SwitchService} and closes the connection. Every refusal is audited by the service: the exporter's
 * user cannot alter that record, since the agent's log is root's.
 */
public final class SwitchAgent implements AutoCloseable {
  /** A request is a few hundred bytes; anything much larger is not from our exporter. */
  static final int MAX_REQUEST = 2048;

  /** How long a connected client may take to send its request line. */
  static final Duration READ_DEADLINE = Duration.ofSeconds(5);

  /** Connections served at once: a switch, a state query, and two spare. */
  static final int MAX_CONNECTIONS = 4;

  private final ServerSocketChannel server;
  private final String allowedUser;
  private final SwitchService service;
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private volatile long lastActivity = System.nanoTime();

  public SwitchAgent(ServerSocketChannel server, String allowedUser, SwitchService service) {
    this.server = server;
    this.allowedUser = allowedUser;
    this.service = service;
  }

  /**
   * Accepts connections until the channel is closed (by {@link #close}, or by the idle timer when
   * {@code idleExit} is above zero and nothing happened for that long).
   */
  public void serve(Duration idleExit) throws IOException {
    ScheduledFuture<?> idle = idleExit.isZero() ? null : watchIdle(idleExit);
    try {
      while (true) {
        SocketChannel ch;
        try {
          ch = server.accept();
        } catch (AsynchronousCloseException closed) {
          return;
        }
        lastActivity = System.nanoTime();
        if (!slots.tryAcquire()) {
          try (ch) {
            reply(
                ch,
                SwitchCodec.encode(
                    new AgentAnswer.Refusal(
                        null, "the switch agent is serving too many connections")));
          }
          continue;
        }
        new Thread(() -> serveOne(ch), "agent-connection").start();
      }
    } finally {
      if (idle != null) {
        idle.cancel(false);
      }
    }
  }

  private ScheduledFuture<?> watchIdle(Duration idleExit) {
    return Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("agent-idle"))
        .scheduleWithFixedDelay(
            () -> {
              boolean quiet = System.nanoTime() - lastActivity > idleExit.toNanos();
              if (quiet && slots.availablePermits() == MAX_CONNECTIONS && !service.recovering()) {
                Log.info("no request for a while: exiting (systemd keeps the socket)");
                close();
              }
            },
            1,
            1,
            TimeUnit.SECONDS);
  }

  private void serveOne(SocketChannel ch) {
    try (ch) {
      UserPrincipal peer = peer(ch);
      if (peer == null || !peer.getName().equals(allowedUser)) {
        refuse(ch, peer);
        return;
      }
      ScheduledFuture<?> timer = AgentWire.deadline(ch, READ_DEADLINE);
      String line;
      try {
        line = AgentWire.readLine(ch, MAX_REQUEST);
      } finally {
        timer.cancel(false);
      }
      AgentRequest request;
      try {
        request = AgentRequest.parse(line);
      } catch (JsonException e) {
        service.badRequest(peer.getName(), e.getMessage());
        reply(
            ch,
            SwitchCodec.encode(
                new AgentAnswer.Refusal(AgentAnswer.Refusal.BAD_REQUEST, e.getMessage())));
        return;
      }
      reply(ch, service.answer(request, peer.getName()));
    } catch (IOException e) {
      service.badRequest(null, e.getMessage());
      Log.warn("switch agent: dropped a connection", "err", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lastActivity = System.nanoTime();
      slots.release();
    }
  }

  /**
   * Recovers, in a thread of its own, the switch that a dead agent left recorded ({@link
   * PendingRecovery}). Returns at once.
   */
  public void recoverPending() {
    service.recoverPending(() -> lastActivity = System.nanoTime());
  }

  private void refuse(SocketChannel ch, UserPrincipal peer) throws IOException {
    String who = peer == null ? "unknown" : peer.getName();
    String error = "only " + allowedUser + " may connect";
    Log.warn("switch agent: refused a connection", "peer", who, "allowed", allowedUser);
    service.refusedPeer(who, error);
    reply(ch, SwitchCodec.encode(new AgentAnswer.Refusal(AgentAnswer.Refusal.REFUSED_PEER, error)));
    // Closing with the peer's bytes unread would reset the connection before it reads why.
    ch.shutdownOutput();
    ScheduledFuture<?> timer = AgentWire.deadline(ch, READ_DEADLINE);
    try {
      AgentWire.readLine(ch, MAX_REQUEST); // discarded unparsed
    } catch (IOException ignored) {
      // gone, too long or not UTF-8: nothing more to say to it
    } finally {
      timer.cancel(false);
    }
  }

  /** The connecting process's user as the kernel reports it, or null when it cannot be read. */
  private static UserPrincipal peer(SocketChannel ch) {
    try {
      UnixDomainPrincipal p = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
      return p.user();
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  private static void reply(SocketChannel ch, Map<String, Object> answer) {
    try {
      AgentWire.writeLine(ch, JsonWriter.write(answer));
    } catch (IOException e) {
      Log.warn("switch agent: the client left before the answer", "err", e.getMessage());
    }
  }

  /**
   * Waits until no connection is being served (a switch in progress finishes), at most {@code
   * limit}. The JVM does not wait for threads at exit: a switch cut off between stop and start
   * would leave Apache down.
   */
  public boolean awaitIdle(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    boolean recovered = service.awaitRecovery(limit);
    long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
    if (!slots.tryAcquire(MAX_CONNECTIONS, left, TimeUnit.MILLISECONDS)) {
      return false;
    }
    slots.release(MAX_CONNECTIONS);
    return recovered;
  }

  @Override
  public void close() {
    service.flush();
    try {
      server.close();
    } catch (IOException e) {
      Log.warn("switch agent: closing the socket", "err", e.getMessage());
    }
  }
}
