package io.mpmexporter.mpm;

import io.mpmexporter.apache.StatusPage;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Switches the MPM, one switch at a time: preflight (status, {@code -V}, {@code -M}, configtest of
 * the current config, pid file) → config change → configtest → full stop (the parent gone) → start
 * → verify that {@code ServerMPM:} and {@code -V} both name the target. The config change and both
 * configtests run while the old server still serves, so the downtime is Apache's own stop + start.
 * After a failure once Apache was stopped, the old config is restored, started and verified. Never
 * graceful or restart: they cannot change the MPM and kill the server trying. Runs inside the
 * switch agent (root); the exporter only forwards requests to it.
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

  /** Runs one attempt; another attempt in progress makes this one {@code busy} at once. */
  public SwitchReport run(SwitchRequest request) throws InterruptedException {
    if (!lock.tryLock()) {
      return attempt(request).finish(SwitchReport.BUSY, "another switch is in progress");
    }
    try {
      SwitchReport report = attempt(request).run();
      last = report;
      return report;
    } finally {
      lock.unlock();
    }
  }

  private SwitchAttempt attempt(SwitchRequest request) {
    return new SwitchAttempt(request, commands, process, backend, status, verifyTimeout, handover);
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
