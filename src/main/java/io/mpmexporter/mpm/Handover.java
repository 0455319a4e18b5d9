package io.mpmexporter.mpm;

import io.mpmexporter.log.Log;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The hand-over, after the config change and its configtest: start a bridge of the new MPM on the
 * same port and verify it on its private port → graceful-stop the old server and wait for its
 * parent → start the main server on the new MPM and verify {@code -V} → graceful-stop the bridge →
 * verify the status page. Before the old server stops, a failure only undoes (bridge stopped,
 * config restored, nothing lost); after, the bridge keeps serving while the old config is restored
 * and the main server started on it.
 */
final class Handover {
  /**
   * How long the old server may take to finish its requests before it is stopped hard; the bridge
   * serves new connections meanwhile, so waiting costs nothing but time.
   */
  static final Duration OLD_SERVER_GRACE = Duration.ofSeconds(20);

  private final SwitchAttempt attempt;
  private final Steps steps;
  private final ApacheProcess process;
  private final HandoverSetup setup;
  private final Mpm target;
  private final SwitchCommands commands;

  Handover(
      SwitchAttempt attempt,
      Steps steps,
      ApacheProcess process,
      HandoverSetup setup,
      Mpm target,
      SwitchCommands commands) {
    this.attempt = attempt;
    this.steps = steps;
    this.process = process;
    this.setup = setup;
    this.target = target;
    this.commands = commands;
  }

  SwitchReport run(Path pidFile, String configured, ConfigBackend.Undo undo, boolean ssl)
      throws InterruptedException {
    Bridge bridge;
    try {
      bridge =
          steps.run(
              "plan bridge",
              () -> Bridge.plan(commands, process, pidFile, setup.systemd(), ssl),
              b -> String.join(" ", b.startCommand()));
      attempt.phase(
          Journal.BRIDGE_STARTING, Map.of("bridge_pid_file", bridge.pidFile().toString()));
      steps.run("start bridge", bridge::start, p -> "pid " + p.pid());
      attempt.verifyStatus(
          "verify bridge",
          setup.statusAt().apply(bridge.statusUrl(setup.statusUrl())),
          target.label(),
          0);
      attempt.phase(Journal.BRIDGE_SERVING);
    } catch (Steps.StepFailed e) {
      return undoBeforeStop(null, undo, e.getMessage());
    }
    attempt.phase(Journal.STOPPING);
    try {
      steps.run(
          "graceful-stop (old server)",
          () -> process.stopGracefully(setup.gracefulStop(), pidFile, OLD_SERVER_GRACE),
          termed ->
              termed
                  ? "SIGTERM after " + OLD_SERVER_GRACE.toSeconds() + " s of graceful stop"
                  : "parent gone");
    } catch (Steps.StepFailed e) {
      if (process.parent(pidFile).isPresent()) {
        return undoBeforeStop(bridge, undo, e.getMessage());
      }
      // The old server is gone after all: carry on, the bridge serves.
    }
    attempt.phase(Journal.STOPPED);
    try {
      attempt.phase(Journal.STARTING);
      steps.run("start", () -> process.start(pidFile), p -> "pid " + p.pid());
      attempt.verifyCtl(target.label());
      attempt.phase(Journal.STARTED);
    } catch (Steps.StepFailed e) {
      return rollBack(bridge, pidFile, configured, undo, e.getMessage());
    }
    try {
      attempt.phase(Journal.BRIDGE_STOPPING);
      steps.run("graceful-stop bridge", () -> stop(bridge), s -> s);
      attempt.verifyStatus(
          "verify status", setup.statusAt().apply(setup.statusUrl()), target.label(), 0);
      attempt.phase(Journal.VERIFIED);
    } catch (Steps.StepFailed e) {
      return attempt.finish(SwitchReport.FAILED, e.getMessage());
    }
    attempt.noDowntime();
    return attempt.finish(SwitchReport.SWITCHED, null);
  }

  /** Nothing was stopped: stop the bridge (if it ran), restore the config. */
  private SwitchReport undoBeforeStop(Bridge bridge, ConfigBackend.Undo undo, String error)
      throws InterruptedException {
    try {
      if (bridge != null && bridge.running()) {
        steps.run("graceful-stop bridge (undo)", () -> stop(bridge), s -> s);
      }
      attempt.restoreConfig(undo);
    } catch (Steps.StepFailed e) {
      return attempt.finish(SwitchReport.FAILED, error + "; undo failed: " + e.getMessage());
    }
    return attempt.finish(SwitchReport.REFUSED, error + "; the old server was not stopped");
  }

  /** The old server is gone and the main server did not come up: the bridge serves meanwhile. */
  private SwitchReport rollBack(
      Bridge bridge, Path pidFile, String configured, ConfigBackend.Undo undo, String error)
      throws InterruptedException {
    attempt.phase(Journal.ROLLING_BACK);
    try {
      attempt.restoreConfig(undo);
      if (process.parent(pidFile).isPresent()) {
        steps.run("stop (rollback)", () -> process.stop(pidFile), t -> "parent gone");
      }
      restart().startForRollback(pidFile);
      attempt.verifyCtl(configured);
      steps.run("graceful-stop bridge (rollback)", () -> stop(bridge), s -> s);
      attempt.verifyStatus(
          "verify status", setup.statusAt().apply(setup.statusUrl()), configured, 0);
      attempt.rolledBack("verified: serving on " + configured + "; the bridge served meanwhile");
      attempt.noDowntime();
      return attempt.finish(SwitchReport.ROLLED_BACK, error);
    } catch (Steps.StepFailed e) {
      Log.error("MPM hand-over rollback failed", "err", e.getMessage());
      return attempt.finish(SwitchReport.FAILED, error + "; rollback failed: " + e.getMessage());
    }
  }

  private Restart restart() {
    return new Restart(attempt, steps, process, commands);
  }

  private static String stop(Bridge bridge) throws SwitchException, InterruptedException {
    bridge.stop();
    return "parent gone";
  }
}
