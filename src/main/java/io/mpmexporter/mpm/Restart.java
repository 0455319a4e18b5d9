package io.mpmexporter.mpm;

import io.mpmexporter.log.Log;
import java.nio.file.Path;
import java.util.List;

/**
 * The restart strategy, after the config change and its configtest: full stop (the parent gone) →
 * start → verify; and the rollback both strategies end in when the main server cannot serve the
 * target: old config restored, stopped if still up, started, verified.
 */
final class Restart {
  private final SwitchAttempt attempt;
  private final Steps steps;
  private final ApacheProcess process;
  private final SwitchCommands commands;

  Restart(SwitchAttempt attempt, Steps steps, ApacheProcess process, SwitchCommands commands) {
    this.attempt = attempt;
    this.steps = steps;
    this.process = process;
    this.commands = commands;
  }

  SwitchReport run(Mpm target, Path pidFile, String configured, ConfigBackend.Undo undo)
      throws InterruptedException {
    long down = System.nanoTime();
    try {
      attempt.phase(Journal.STOPPING);
      steps.run(
          "stop", () -> process.stop(pidFile), termed -> termed ? "after SIGTERM" : "parent gone");
      attempt.phase(Journal.STOPPED);
      attempt.phase(Journal.STARTING);
      steps.run("start", () -> process.start(pidFile), p -> "pid " + p.pid());
      attempt.phase(Journal.STARTED);
      attempt.verify(target.label(), down);
      attempt.phase(Journal.VERIFIED);
      return attempt.finish(SwitchReport.SWITCHED, null);
    } catch (Steps.StepFailed e) {
      return rollBack(undo, pidFile, configured, down, e.getMessage());
    }
  }

  /** Back to {@code configured}: restore, stop if up, start, verify; downtime counts from down. */
  SwitchReport rollBack(
      ConfigBackend.Undo undo, Path pidFile, String configured, long down, String error)
      throws InterruptedException {
    attempt.phase(Journal.ROLLING_BACK);
    try {
      attempt.restoreConfig(undo);
      if (process.parent(pidFile).isPresent()) {
        steps.run("stop (rollback)", () -> process.stop(pidFile), t -> "parent gone");
      }
      startForRollback(pidFile);
      attempt.verify(configured, down);
      attempt.rolledBack("verified: serving on " + configured);
      return attempt.finish(SwitchReport.ROLLED_BACK, error);
    } catch (Steps.StepFailed e) {
      Log.error("MPM switch rollback failed: Apache may be down", "err", e.getMessage());
      return attempt.finish(SwitchReport.FAILED, error + "; rollback failed: " + e.getMessage());
    }
  }

  /**
   * Starts with the start command. If that fails: under systemd, clears the unit's failed state
   * (its start limit may have been hit by the failed start of the target) and starts it again,
   * through systemd as always: Apache never becomes a child of the agent, whose unit lacks the
   * privileges to bind :80 and whose cgroup it would die with. Without systemd, and with a start
   * command of the operator's that is not apachectl's, {@code apachectl start} is the last resort.
   */
  void startForRollback(Path pidFile) throws Steps.StepFailed, InterruptedException {
    try {
      steps.run("start (rollback)", () -> process.start(pidFile), p -> "pid " + p.pid());
      attempt.rolledBack("started Apache on the restored config");
    } catch (Steps.StepFailed e) {
      List<String> reset = process.resetCommand();
      if (!reset.isEmpty()) {
        ApacheChecks.resetAndStart(steps, process, commands, pidFile, "start (rollback, again)");
        attempt.rolledBack("started Apache's unit again after " + String.join(" ", reset));
        return;
      }
      List<String> ctlStart = commands.command("start");
      if (process.startCommand().equals(ctlStart)) {
        throw e;
      }
      steps.run(
          "start (rollback, " + String.join(" ", ctlStart) + ")",
          () -> process.startWith(ctlStart, pidFile),
          p -> "pid " + p.pid());
      attempt.rolledBack(
          "started Apache with " + String.join(" ", ctlStart) + " after the start command failed");
    }
  }
}
