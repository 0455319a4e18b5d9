package io.mpmexporter.agent;

import io.mpmexporter.base.DaemonThreads;
import io.mpmexporter.json.JsonException;
import io.mpmexporter.json.JsonWriter;
import io.mpmexporter.log.Log;
import io.mpmexporter.mpm.HandoverReadiness;
import io.mpmexporter.mpm.Mpm;
import io.mpmexporter.mpm.MpmSwitcher;
import io.mpmexporter.mpm.SwitchReport;
import io.mpmexporter.switchapi.AgentRequest;
import io.mpmexporter.switchapi.AgentWire;
import io.mpmexporter.switchapi.AuditLog;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The privileged half of the admin API. It serves one Unix socket: each connection is checked
 * against the one allowed user by its kernel-reported credentials ({@code SO_PEERCRED}) before a
 * byte is read, then one capped request line is read under a deadline, answered and the connection
 * closed. It writes the audit line of every switch request, refused ones included: the exporter's
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
  private final MpmSwitcher switcher;
  private final AuditLog audit;
  private final JournalFile records;
  private final RefusalAudit refusals;
  private final Map<String, Object> setup;
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private final AtomicLong refusedPeers = new AtomicLong();
  private final AtomicLong badRequests = new AtomicLong();
  private final AtomicLong served = new AtomicLong();
  private final Instant started = Instant.now();
  private volatile long lastActivity = System.nanoTime();
  private final PendingRecovery recovery;

  /**
   * @param setup how this agent drives Apache (backend, stop and start commands), shown in the
   *     state answer
   */
  public SwitchAgent(
      ServerSocketChannel server,
      String allowedUser,
      MpmSwitcher switcher,
      AuditLog audit,
      JournalFile records,
      Map<String, Object> setup) {
    this.server = server;
    this.allowedUser = allowedUser;
    this.switcher = switcher;
    this.audit = audit;
    this.records = records;
    this.refusals = new RefusalAudit(audit, System::nanoTime);
    this.recovery = new PendingRecovery(records, switcher, audit);
    this.setup = new LinkedHashMap<>(setup);
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
            reply(ch, Map.of("error", "the switch agent is serving too many connections"));
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
              if (quiet && slots.availablePermits() == MAX_CONNECTIONS && !recovery.inProgress()) {
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
        badRequests.incrementAndGet();
        auditRefusal(peer.getName(), "bad_request", e.getMessage());
        reply(ch, Map.of("result", "bad_request", "error", e.getMessage()));
        return;
      }
      served.incrementAndGet();
      reply(ch, request.action().equals(AgentRequest.STATE) ? state() : runSwitch(request, peer));
    } catch (IOException e) {
      badRequests.incrementAndGet();
      Log.warn("switch agent: dropped a connection", "err", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lastActivity = System.nanoTime();
      slots.release();
    }
  }

  private Map<String, Object> runSwitch(AgentRequest request, UserPrincipal peer)
      throws InterruptedException {
    Map<String, Object> who = new LinkedHashMap<>();
    who.put("peer", peer.getName());
    who.put("client", request.client());
    who.put("token_fingerprint", request.token());
    JournalFile.Entry journal = records.entry(who);
    SwitchReport report =
        recovery.inProgress()
            ? switcher.busy(request.request(), "the agent is recovering an interrupted switch")
            : switcher.run(request.request(), journal);
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("time", report.started().toString());
    entry.putAll(who);
    if (journal.begun()) {
      entry.put("switch_id", journal.id());
    }
    entry.putAll(report.toMap());
    entry.remove("started");
    audit.append(entry); // on disk before the exporter hears the outcome
    if (journal.begun()) {
      records.close(); // the outcome is on disk: nothing left to recover
    }
    Log.info(
        "MPM switch",
        "result",
        report.result(),
        "from",
        report.from(),
        "to",
        report.to(),
        "downtime_ms",
        report.downtimeMs(),
        "err",
        report.error() == null ? "" : report.error());
    Map<String, Object> answer = new LinkedHashMap<>(report.toMap());
    answer.put("backend", switcher.backendName());
    return answer;
  }

  /**
   * Recovers, in a thread of its own, the switch that a dead agent left recorded ({@link
   * PendingRecovery}). Returns at once.
   */
  public void recoverPending() {
    recovery.start(() -> lastActivity = System.nanoTime());
  }

  private Map<String, Object> state() {
    Map<String, Object> m = new LinkedHashMap<>(setup);
    m.put("backend", switcher.backendName());
    m.put("allowed", Mpm.NAMES);
    m.put("switch_in_progress", switcher.inProgress());
    HandoverReadiness ready = switcher.readiness();
    if (ready != null) {
      m.putAll(ready.toMap());
    }
    SwitchReport last = switcher.last();
    m.put("last_switch", last == null ? null : last.toMap());
    m.put("recovering", recovery.inProgress());
    m.put("last_recovery", recovery.last());
    m.put("pid", ProcessHandle.current().pid());
    m.put("started", started.toString());
    m.put("requests_served", served.get());
    m.put("refused_peers", refusedPeers.get());
    m.put("bad_requests", badRequests.get());
    return m;
  }

  private void refuse(SocketChannel ch, UserPrincipal peer) throws IOException {
    refusedPeers.incrementAndGet();
    String who = peer == null ? "unknown" : peer.getName();
    Log.warn("switch agent: refused a connection", "peer", who, "allowed", allowedUser);
    auditRefusal(who, "refused_peer", "only " + allowedUser + " may connect");
    reply(ch, Map.of("result", "refused_peer", "error", "only " + allowedUser + " may connect"));
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

  private void auditRefusal(String peer, String result, String error) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("time", Instant.now().toString());
    entry.put("peer", peer);
    entry.put("result", result);
    entry.put("error", error);
    refusals.refused(entry);
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
    boolean recovered = recovery.await(limit);
    long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
    if (!slots.tryAcquire(MAX_CONNECTIONS, left, TimeUnit.MILLISECONDS)) {
      return false;
    }
    slots.release(MAX_CONNECTIONS);
    return recovered;
  }

  @Override
  public void close() {
    refusals.flush();
    try {
      server.close();
    } catch (IOException e) {
      Log.warn("switch agent: closing the socket", "err", e.getMessage());
    }
  }
}
