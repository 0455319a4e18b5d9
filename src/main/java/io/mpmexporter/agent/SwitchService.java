package io.mpmexporter.agent;

import io.mpmexporter.mpm.HandoverReadiness;
import io.mpmexporter.mpm.Mpm;
import io.mpmexporter.mpm.MpmSwitcher;
import io.mpmexporter.mpm.SwitchReport;
import io.mpmexporter.switchapi.AgentAnswer;
import io.mpmexporter.switchapi.AgentRequest;
import io.mpmexporter.switchapi.AgentSetup;
import io.mpmexporter.switchapi.AgentState;
import io.mpmexporter.switchapi.AuditLog;
import io.mpmexporter.switchapi.SwitchCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the switch agent does for a request that passed its socket's checks ({@link SwitchAgent}):
 * answers the state, runs a switch under a write-ahead record and audits it, recovers a switch its
 * predecessor left, and counts and audits what the socket refused.
 */
public final class SwitchService {
  private final MpmSwitcher switcher;
  private final AuditLog audit;
  private final JournalFile records;
  private final AgentSetup setup;
  private final RefusalAudit refusals;
  private final PendingRecovery recovery;
  private final AtomicLong refusedPeers = new AtomicLong();
  private final AtomicLong badRequests = new AtomicLong();
  private final AtomicLong served = new AtomicLong();
  private final Instant started = Instant.now();

  /**
   * @param setup how this agent drives Apache, shown in the state answer
   */
  public SwitchService(
      MpmSwitcher switcher, AuditLog audit, JournalFile records, AgentSetup setup) {
    this.switcher = switcher;
    this.audit = audit;
    this.records = records;
    this.setup = setup;
    this.refusals = new RefusalAudit(audit, System::nanoTime);
    this.recovery = new PendingRecovery(records, switcher, audit);
  }

  /** The answer to a request from the allowed user. */
  Map<String, Object> answer(AgentRequest request, String peer) throws InterruptedException {
    served.incrementAndGet();
    return request.action().equals(AgentRequest.STATE)
        ? SwitchCodec.encode(state())
        : SwitchCodec.encode(switchMpm(request, peer));
  }

  AgentState state() {
    HandoverReadiness ready = switcher.readiness();
    SwitchReport last = switcher.last();
    return new AgentState(
        setup,
        switcher.backendName(),
        Mpm.NAMES,
        switcher.inProgress(),
        ready == null ? null : ready.reusePort(),
        ready == null ? null : ready.migrateReq(),
        ready == null ? null : ready.detail(),
        last,
        recovery.inProgress(),
        recovery.last(),
        ProcessHandle.current().pid(),
        started.toString(),
        served.get(),
        refusedPeers.get(),
        badRequests.get());
  }

  private AgentAnswer switchMpm(AgentRequest request, String peer) throws InterruptedException {
    Map<String, Object> who = new LinkedHashMap<>();
    who.put("peer", peer);
    who.put("client", request.client());
    who.put("token_fingerprint", request.tokenFingerprint());
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
    report.log("MPM switch");
    return new AgentAnswer.Report(report, switcher.backendName());
  }

  /** A connection from another user than the allowed one: counted, audited (rate-limited). */
  void refusedPeer(String peer, String error) {
    refusedPeers.incrementAndGet();
    refused(peer, AgentAnswer.Refusal.REFUSED_PEER, error);
  }

  /** A line from the allowed user that is not a request: counted, audited (rate-limited). */
  void badRequest(String peer, String error) {
    badRequests.incrementAndGet();
    if (peer != null) {
      refused(peer, AgentAnswer.Refusal.BAD_REQUEST, error);
    }
  }

  private void refused(String peer, String result, String error) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("time", Instant.now().toString());
    entry.put("peer", peer);
    entry.put("result", result);
    entry.put("error", error);
    refusals.refused(entry);
  }

  /**
   * Recovers, in a thread of its own, the switch that a dead agent left recorded ({@link
   * PendingRecovery}); {@code activity} runs when it ends. Returns at once.
   */
  void recoverPending(Runnable activity) {
    recovery.start(activity);
  }

  boolean recovering() {
    return recovery.inProgress();
  }

  /** Waits at most {@code limit} for a recovery in progress; true when none is left. */
  boolean awaitRecovery(Duration limit) throws InterruptedException {
    return recovery.await(limit);
  }

  /** Writes the count of refusals not yet audited. */
  void flush() {
    refusals.flush();
  }
}
