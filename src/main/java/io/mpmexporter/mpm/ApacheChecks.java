package io.mpmexporter.mpm;

import io.mpmexporter.apache.CommandResult;
import io.mpmexporter.apache.CtlInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The checks and the last-resort start that a switch ({@link SwitchAttempt}, {@link Restart}) and
 * the recovery of an interrupted one ({@link Recovery}) share, as step bodies.
 */
final class ApacheChecks {
  /** How often a status page is asked again while waiting for an MPM. */
  private static final long STATUS_POLL_MILLIS = 20;

  private ApacheChecks() {}

  /** {@code apachectl -t} passes; its first line. */
  static String configtest(SwitchCommands commands)
      throws SwitchException, Steps.StepFailed, InterruptedException {
    CommandResult r = commands.configtest();
    if (r.exitCode() != 0) {
      throw Steps.fail("apachectl -t: exit " + r.exitCode() + ": " + r.firstLines(2));
    }
    return r.firstLine();
  }

  /** {@code apachectl -V} names {@code mpm}. */
  static CtlInfo configured(SwitchCommands commands, String mpm)
      throws SwitchException, Steps.StepFailed, InterruptedException {
    CtlInfo v = commands.version();
    if (!mpm.equals(v.mpm())) {
      throw Steps.fail("-V names " + v.mpm() + ", not " + mpm);
    }
    return v;
  }

  /**
   * Waits at most {@code timeout} until {@code source} names {@code mpm}; {@code answered} runs on
   * every page read (a switch ends its downtime at the first).
   */
  static String awaitStatus(
      MpmSwitcher.StatusSource source, String mpm, Duration timeout, Runnable answered)
      throws Steps.StepFailed, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String seen = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        String running = source.fetch().serverMpm();
        answered.run();
        if (mpm.equals(running)) {
          return "ServerMPM " + mpm;
        }
        seen = "ServerMPM " + running;
      } catch (SwitchException e) {
        seen = e.getMessage();
      }
      Thread.sleep(STATUS_POLL_MILLIS);
    }
    throw Steps.fail("status page did not name " + mpm + " within " + timeout + ": " + seen);
  }

  /**
   * After a failed start of Apache's unit: clears its failed state (its start limit may have been
   * hit) and starts it once more, through systemd as always.
   */
  static void resetAndStart(
      Steps steps, ApacheProcess process, SwitchCommands commands, Path pidFile, String name)
      throws Steps.StepFailed, InterruptedException {
    List<String> reset = process.resetCommand();
    steps.run(String.join(" ", reset), () -> commands.run(reset), r -> "exit " + r.exitCode());
    steps.run(name, () -> process.start(pidFile), p -> "pid " + p.pid());
  }
}
