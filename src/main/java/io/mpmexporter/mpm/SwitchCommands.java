package io.mpmexporter.mpm;

import io.mpmexporter.apache.CommandResult;
import io.mpmexporter.apache.CommandRunner;
import io.mpmexporter.apache.CtlInfo;
import io.mpmexporter.apache.CtlParser;
import io.mpmexporter.apache.ParseException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/**
 * Every command a switch runs (apachectl, a2enmod, systemctl, the stop and start commands), on the
 * switch side's own runner and deadline. A failure is a {@link SwitchException} with a one-line
 * message; the polling side's {@code ApacheCtl} and its metric reasons are not involved, so a
 * switch's slow {@code a2enmod} never shows up as an exporter scrape error and a change to the
 * polling deadlines never changes a switch.
 */
public final class SwitchCommands {
  private final List<String> apachectl;
  private final Duration timeout;
  private final CommandRunner runner;

  /**
   * @param apachectl e.g. {@code [apache2ctl]} or {@code [env, LANG=C, apache2ctl]}
   * @param timeout the deadline of each command; it is killed after that
   */
  public SwitchCommands(List<String> apachectl, Duration timeout, CommandRunner runner) {
    if (apachectl.isEmpty()) {
      throw new IllegalArgumentException("empty apachectl command");
    }
    this.apachectl = List.copyOf(apachectl);
    this.timeout = timeout;
    this.runner = runner;
  }

  /** The apachectl command with {@code args} appended. */
  public List<String> command(String... args) {
    List<String> argv = new ArrayList<>(apachectl);
    argv.addAll(List.of(args));
    return argv;
  }

  /**
   * Runs {@code argv} under the deadline; an exit code other than 0 is the caller's to judge.
   *
   * @throws SwitchException when it ran out of time (it was killed) or could not be started
   */
  public CommandResult run(List<String> argv) throws SwitchException, InterruptedException {
    String what = String.join(" ", argv);
    try {
      return runner.run(argv, timeout);
    } catch (CommandRunner.CommandTimeoutException e) {
      throw new SwitchException(what + ": no answer within " + timeout.toMillis() + "ms");
    } catch (IOException e) {
      throw new SwitchException(what + ": cannot run: " + e.getMessage());
    }
  }

  /** {@code apachectl -V}: the MPM the configuration on disk loads. */
  CtlInfo version() throws SwitchException, InterruptedException {
    String text = checked("-V");
    try {
      return CtlParser.parseVersion(text);
    } catch (ParseException e) {
      throw new SwitchException("apachectl -V: " + e.getMessage());
    }
  }

  /** {@code apachectl -M}: the modules the configuration on disk loads. */
  SortedSet<String> modules() throws SwitchException, InterruptedException {
    String text = checked("-M");
    try {
      return CtlParser.parseModules(text);
    } catch (ParseException e) {
      throw new SwitchException("apachectl -M: " + e.getMessage());
    }
  }

  /** {@code apachectl -t}: whether the configuration on disk would start, with Apache's words. */
  CommandResult configtest() throws SwitchException, InterruptedException {
    return run(command("-t"));
  }

  private String checked(String flag) throws SwitchException, InterruptedException {
    List<String> argv = command(flag);
    CommandResult r = run(argv);
    if (r.exitCode() != 0) {
      throw new SwitchException(r.exitMessage(argv));
    }
    return r.stdout();
  }
}
