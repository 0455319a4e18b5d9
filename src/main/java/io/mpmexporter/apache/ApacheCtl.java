package io.mpmexporter.apache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs apachectl ({@code -V}, {@code -M}, {@code -t}, {@code -t -D DUMP_RUN_CFG}) and other
 * commands under one deadline, and classifies every way they can fail as a {@link PollFailure}
 * reason. The one runner for the poller and for the switch (which words its failures as {@code
 * SwitchException}s in {@code mpm.SwitchCommands}).
 */
public final class ApacheCtl {
  /** How mod_ssl and others name a file in an error: {@code file '/etc/ssl/private/x.key'}. */
  private static final Pattern FILE = Pattern.compile("file '([^']+)'");

  private final List<String> command;
  private final Duration timeout;
  private final CommandRunner runner;

  /**
   * @param command the apachectl command as an argument list, e.g. {@code [apachectl]} or {@code
   *     [env, LANG=C, apache2ctl]}
   */
  public ApacheCtl(List<String> command, Duration timeout, CommandRunner runner) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty apachectl command");
    }
    this.command = List.copyOf(command);
    this.timeout = timeout;
    this.runner = runner;
  }

  /** {@code -V}: the MPM on disk. A non-zero exit is a failure even when some text was printed. */
  public CtlInfo version() throws PollFailure, InterruptedException {
    String text = runChecked("-V");
    try {
      return CtlParser.parseVersion(text);
    } catch (ParseException e) {
      throw new PollFailure(PollFailure.PARSE, "apachectl -V: " + e.getMessage(), e);
    }
  }

  /** {@code -M}: the loaded modules. */
  public SortedSet<String> modules() throws PollFailure, InterruptedException {
    String text = runChecked("-M");
    try {
      return CtlParser.parseModules(text);
    } catch (ParseException e) {
      throw new PollFailure(PollFailure.PARSE, "apachectl -M: " + e.getMessage(), e);
    }
  }

  /** {@code -t -D DUMP_RUN_CFG}: ServerRoot and the pid file, for the advisor. */
  public RunConfig runConfig() throws PollFailure, InterruptedException {
    String text = runChecked("-t", "-D", "DUMP_RUN_CFG");
    try {
      return CtlParser.parseRunConfig(text);
    } catch (ParseException e) {
      throw new PollFailure(
          PollFailure.PARSE, "apachectl -t -D DUMP_RUN_CFG: " + e.getMessage(), e);
    }
  }

  /** {@code -t}: whether the configuration on disk would start, with Apache's words. */
  public CommandResult configtest() throws PollFailure, InterruptedException {
    return run(command("-t"));
  }

  /**
   * {@code -t} as a poll: a failing test is a result; a run that did not finish fails, and so does
   * a test that failed only because this user may not read a file the configuration names (mod_ssl
   * says a private key it cannot stat "does not exist"): that is not a verdict on the
   * configuration, and the next start, as root, would pass it.
   */
  public ConfigTest configTest() throws PollFailure, InterruptedException {
    ConfigTest t = ConfigTest.of(configtest());
    String unreadable = t.ok() ? null : unreadableFile(t.error());
    if (unreadable != null) {
      throw new PollFailure(
          PollFailure.CTL_EXIT,
          "apachectl -t cannot judge the configuration as this user: it may not read "
              + unreadable);
    }
    return t;
  }

  /** A file the error names whose existence this user cannot even tell, or null. */
  static String unreadableFile(String error) {
    if (error.contains("Permission denied")) {
      return "a file (Permission denied)";
    }
    Matcher m = FILE.matcher(error);
    while (m.find()) {
      try {
        Path p = Path.of(m.group(1));
        if (!Files.exists(p) && !Files.notExists(p)) {
          return m.group(1);
        }
      } catch (InvalidPathException e) {
        // not a path: not our case
      }
    }
    return null;
  }

  /** The apachectl command with {@code args} appended. */
  public List<String> command(String... args) {
    List<String> argv = new ArrayList<>(command);
    argv.addAll(List.of(args));
    return argv;
  }

  /**
   * Runs {@code argv} (apachectl or any other command) under the deadline; an exit code other than
   * 0 is the caller's to judge.
   *
   * @throws PollFailure ctl_timeout when it ran out of time (it was killed), ctl_exec when it could
   *     not be started
   */
  public CommandResult run(List<String> argv) throws PollFailure, InterruptedException {
    String what = String.join(" ", argv);
    try {
      return runner.run(argv, timeout);
    } catch (CommandRunner.CommandTimeoutException e) {
      throw new PollFailure(
          PollFailure.CTL_TIMEOUT, what + ": no answer within " + timeout.toMillis() + "ms", e);
    } catch (IOException e) {
      throw new PollFailure(PollFailure.CTL_EXEC, what + ": cannot run: " + e.getMessage(), e);
    }
  }

  private String runChecked(String... flags) throws PollFailure, InterruptedException {
    List<String> argv = command(flags);
    CommandResult result = run(argv);
    if (result.exitCode() != 0) {
      throw new PollFailure(PollFailure.CTL_EXIT, result.exitMessage(argv));
    }
    return result.stdout();
  }
}
