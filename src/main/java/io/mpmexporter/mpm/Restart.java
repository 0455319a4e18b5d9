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
      steps.run(
          "stop", () -> process.stop(pidFile), termed -> termed ? "after SIGTERM" : "parent gone");
      steps.run("start", () -> process.start(pidFile), p -> "pid " + p.pid());
      attempt.verify(target.label(), down);
      return attempt.finish(SwitchReport.SWITCHED, null);
    } catch (Steps.StepFailed e) {
      return rollBack(undo, pidFile, configured, down, e.getMessage());
    }
  }

  /** Back to {@code configured}: restore, stop if up, start, verify; downtime counts from down. */
  SwitchReport rollBack(
      ConfigBackend.Undo undo, Path pidFile, String configured, long down, String error)
      throws InterruptedException {
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
   * Starts with the start command; if that fails and it is not apachectl's own, tries {@code
   * apachectl start}: Apache up outside a service manager beats Apache down.
   */
  void startForRollback(Path pidFile) throws Steps.StepFailed, InterruptedException {
    try {
      steps.run("start (rollback)", () -> process.start(pidFile), p -> "pid " + p.pid());
      attempt.rolledBack("started Apache on the restored config");
    } catch (Steps.StepFailed e) {
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
