package io.mpmexporter.mpm;

import io.mpmexporter.apache.ApacheCtl;
import io.mpmexporter.apache.CommandResult;
import io.mpmexporter.apache.CommandRunner;
import io.mpmexporter.apache.CtlInfo;
import io.mpmexporter.apache.PollFailure;
import io.mpmexporter.apache.RunConfig;
import java.time.Duration;
import java.util.List;
import java.util.SortedSet;

/**
 * Every command a switch runs (apachectl, a2enmod, systemctl, the stop and start commands), through
 * the one apachectl runner ({@link ApacheCtl}) on the switch's own runner and deadline. A failure
 * is a {@link SwitchException} with the runner's one-line message; the poll's metric reasons do not
 * apply to a switch.
 */
public final class SwitchCommands {
  private final ApacheCtl ctl;

  /**
   * @param apachectl e.g. {@code [apache2ctl]} or {@code [env, LANG=C, apache2ctl]}
   * @param timeout the deadline of each command; it is killed after that
   */
  public SwitchCommands(List<String> apachectl, Duration timeout, CommandRunner runner) {
    this.ctl = new ApacheCtl(apachectl, timeout, runner);
  }

  /** The apachectl command with {@code args} appended. */
  public List<String> command(String... args) {
    return ctl.command(args);
  }

  /**
   * Runs {@code argv} under the deadline; an exit code other than 0 is the caller's to judge.
   *
   * @throws SwitchException when it ran out of time (it was killed) or could not be started
   */
  public CommandResult run(List<String> argv) throws SwitchException, InterruptedException {
    try {
      return ctl.run(argv);
    } catch (PollFailure e) {
      throw new SwitchException(e.getMessage());
    }
  }

  /** {@code apachectl -V}: the MPM the configuration on disk loads. */
  CtlInfo version() throws SwitchException, InterruptedException {
    try {
      return ctl.version();
    } catch (PollFailure e) {
      throw new SwitchException(e.getMessage());
    }
  }

  /** {@code apachectl -M}: the modules the configuration on disk loads. */
  SortedSet<String> modules() throws SwitchException, InterruptedException {
    try {
      return ctl.modules();
    } catch (PollFailure e) {
      throw new SwitchException(e.getMessage());
    }
  }

  /** {@code apachectl -t -D DUMP_RUN_CFG}: ServerRoot and the pid file. */
  RunConfig runConfig() throws SwitchException, InterruptedException {
    try {
      return ctl.runConfig();
    } catch (PollFailure e) {
      throw new SwitchException(e.getMessage());
    }
  }

  /** {@code apachectl -t}: whether the configuration on disk would start, with Apache's words. */
  CommandResult configtest() throws SwitchException, InterruptedException {
    try {
      return ctl.configtest();
    } catch (PollFailure e) {
      throw new SwitchException(e.getMessage());
    }
  }
}
