package io.mpmexporter.mpm;

import io.mpmexporter.apache.StatusPage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Switches the MPM, one switch at a time: preflight (status, {@code -V}, {@code -M}, configtest of
 * the current config, pid file, hand-over readiness) → the write-ahead record ({@link Journal}) →
 * config change → configtest → one of two strategies → verify that {@code ServerMPM:} and {@code
 * -V} both name the target. The config change and both configtests run while the old server still
 * serves. {@link Restart}: full stop (the parent gone) and start, the downtime being Apache's own
 * stop and start. {@link Handover}: a bridge of the new MPM serves the port while the old server
 * stops gracefully and the main server starts on the new MPM, no downtime. After a failure once
 * Apache was stopped, the old config is restored, started and verified. A graceful restart or
 * {@code -k restart} is never used to change the MPM: it cannot, and kills the server trying
 * (AH00534); graceful stops are. {@link #recover} finishes or undoes a switch whose agent died.
 * Runs inside the switch agent (root); the exporter only forwards requests to it.
 */
public final class MpmSwitcher {
  /**
   * Reads the live status page; a page that cannot be read is a {@link SwitchException} whose
   * message says why (the agent adapts its status client to this).
   */
  @FunctionalInterface
  public interface StatusSource {
    StatusPage fetch() throws SwitchException, InterruptedException;
  }

  private final SwitchCommands commands;
  private final ApacheProcess process;
  private final ConfigBackend backend;
  private final StatusSource status;
  private final Duration verifyTimeout;
  private final HandoverSetup handover;
  private final ReentrantLock lock = new ReentrantLock();

  /** The result of a recovery that could not bring Apache back. */
  public static final String RECOVERY_FAILED = Recovery.Outcome.FAILED;

  private volatile SwitchReport last;

  /**
   * @param handover null: only the restart strategy
   */
  public MpmSwitcher(
      SwitchCommands commands,
      ApacheProcess process,
      ConfigBackend backend,
      StatusSource status,
      Duration verifyTimeout,
      HandoverSetup handover) {
    this.commands = commands;
    this.process = process;
    this.backend = backend;
    this.status = status;
    this.verifyTimeout = verifyTimeout;
    this.handover = handover;
  }

  /** Runs one attempt without a write-ahead record. */
  public SwitchReport run(SwitchRequest request) throws InterruptedException {
    return run(request, Journal.NONE);
  }

  /**
   * Runs one attempt, recording each phase in {@code journal} before it runs; another attempt or a
   * recovery in progress makes this one {@code busy} at once.
   */
  public SwitchReport run(SwitchRequest request, Journal journal) throws InterruptedException {
    if (!lock.tryLock()) {
      return attempt(request, journal)
          .finish(SwitchReport.BUSY, "another switch or a recovery is in progress");
    }
    try {
      SwitchReport report = attempt(request, journal).run();
      last = report;
      return report;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Finishes or undoes the switch that left {@code record} (its agent died), under the switch lock.
   *
   * @return the outcome as a map: result (recovered_kept_target, recovered_restored_previous or
   *     recovery_failed), serving, actions, steps
   */
  public Map<String, Object> recover(Map<String, Object> record) throws InterruptedException {
    lock.lock();
    try {
      return new Recovery(commands, process, backend, status, verifyTimeout).run(record).toMap();
    } finally {
      lock.unlock();
    }
  }

  /** A busy report for {@code request}, for a caller that knows the switcher is not free. */
  public SwitchReport busy(SwitchRequest request, String why) {
    return attempt(request, Journal.NONE).finish(SwitchReport.BUSY, why);
  }

  /** The audit line that names an interrupted switch, written before its recovery starts. */
  public static Map<String, Object> interrupted(Map<String, Object> record) {
    return Recovery.interrupted(record);
  }

  private SwitchAttempt attempt(SwitchRequest request, Journal journal) {
    return new SwitchAttempt(
        request, commands, process, backend, status, verifyTimeout, handover, journal);
  }

  public boolean inProgress() {
    return lock.isLocked();
  }

  /** The last attempt that got the lock, or null. */
  public SwitchReport last() {
    return last;
  }

  /** Whether a hand-over could run now; null when this switcher has none set up. */
  public HandoverReadiness readiness() {
    return handover == null ? null : handover.readiness();
  }

  public String backendName() {
    return backend.name();
  }
}
