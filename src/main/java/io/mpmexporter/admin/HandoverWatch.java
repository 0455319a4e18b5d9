package io.mpmexporter.admin;

import io.mpmexporter.log.Log;
import io.mpmexporter.poll.Snapshot;
import io.mpmexporter.switchapi.AgentClient;
import io.mpmexporter.switchapi.AgentState;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps {@code apache_mpm_handover_ready} current without waking the agent needlessly: listeners
 * only change when Apache starts, so the agent is asked once per Apache start (a new RestartTime),
 * and again at most once a minute while it cannot be reached. The agent is socket-activated: asking
 * it on every poll would keep it running for nothing.
 */
final class HandoverWatch {
  static final Duration RETRY = Duration.ofMinutes(1);

  private final AgentClient agent;
  private final Supplier<Snapshot> snapshot;
  private final AdminMetrics metrics;
  private final LongSupplier nanos;
  private String askedFor;
  private boolean known;
  private long lastAsk;

  HandoverWatch(
      AgentClient agent, Supplier<Snapshot> snapshot, AdminMetrics metrics, LongSupplier nanos) {
    this.agent = agent;
    this.snapshot = snapshot;
    this.metrics = metrics;
    this.nanos = nanos;
  }

  /** Called on a timer: asks the agent when Apache restarted since it last did. */
  synchronized void check() throws InterruptedException {
    Snapshot s = snapshot.get();
    String restart = s.page() == null ? null : s.page().restartTime();
    if (restart == null) {
      return;
    }
    long now = nanos.getAsLong();
    boolean retry = !known && now - lastAsk >= RETRY.toNanos();
    if (restart.equals(askedFor) && !retry) {
      return;
    }
    askedFor = restart;
    lastAsk = now;
    try {
      record(agent.state(MpmAdmin.STATE_DEADLINE));
    } catch (AgentClient.AgentException e) {
      known = false;
      metrics.handover(null, null);
      Log.debug("hand-over readiness unknown", "err", e.getMessage());
    }
  }

  /** Takes the readiness from any state answer of the agent. */
  synchronized void record(AgentState state) {
    known = state.handoverReady() != null;
    metrics.handover(state.handoverReady(), state.tcpMigrateReq());
  }
}
