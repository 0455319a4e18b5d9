package io.mpmexporter.mpm;

import io.mpmexporter.apache.CommandResult;
import io.mpmexporter.apache.CtlParser;
import io.mpmexporter.apache.ParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Full stop and start of Apache, the only way an MPM change takes effect. {@code stop} returns only
 * when the parent process is gone (apachectl returns ~1.5 s earlier, and a start then fails with
 * "Address already in use"); when the stop command fails (it parses the config first, so a broken
 * config makes it exit 1 without a signal) the verified parent gets SIGTERM. Never SIGKILL: prefork
 * children would keep serving the port.
 */
public final class ApacheProcess {
  private final SwitchCommands commands;
  private final List<String> stopCommand;
  private final List<String> startCommand;
  private final List<String> resetCommand;
  private final Duration exitTimeout;

  /**
   * @param commands apachectl (for {@code -t -D DUMP_RUN_CFG}) and the runner and deadline of every
   *     command
   * @param stopCommand e.g. {@code [apachectl, stop]} or {@code [systemctl, stop, apache2]}
   * @param startCommand e.g. {@code [apachectl, start]}
   * @param exitTimeout how long the parent may take to exit after stop, or to appear after start
   */
  public ApacheProcess(
      SwitchCommands commands,
      List<String> stopCommand,
      List<String> startCommand,
      Duration exitTimeout) {
    this(commands, stopCommand, startCommand, List.of(), exitTimeout);
  }

  /**
   * @param resetCommand run before a second start when a rollback's start failed, e.g. {@code
   *     [systemctl, reset-failed, apache2.service]}; empty when Apache is no systemd service
   */
  public ApacheProcess(
      SwitchCommands commands,
      List<String> stopCommand,
      List<String> startCommand,
      List<String> resetCommand,
      Duration exitTimeout) {
    this.commands = commands;
    this.stopCommand = List.copyOf(stopCommand);
    this.startCommand = List.copyOf(startCommand);
    this.resetCommand = List.copyOf(resetCommand);
    this.exitTimeout = exitTimeout;
  }

  public List<String> stopCommand() {
    return stopCommand;
  }

  public List<String> startCommand() {
    return startCommand;
  }

  public List<String> resetCommand() {
    return resetCommand;
  }

  /** The parent's pid file, as the configuration on disk names it. */
  public Path pidFile() throws SwitchException, InterruptedException {
    CommandResult r = run(commands.command("-t", "-D", "DUMP_RUN_CFG"));
    try {
      return CtlParser.parsePidFile(r.stdout() + "\n" + r.stderr());
    } catch (ParseException e) {
      throw new SwitchException("cannot find the pid file: " + e.getMessage());
    }
  }

  /** The live parent process named by the pid file, if any. */
  public Optional<ProcessHandle> parent(Path pidFile) {
    String text;
    try {
      text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(text);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(ApacheProcess::looksLikeHttpd);
  }

  /**
   * A stale pid file can name an unrelated process: only signal something that is httpd. The name
   * comes from {@code /proc/PID/comm}, readable without ptrace rights: the agent runs with a
   * narrowed capability set, so the kernel hides the executable path ({@code /proc/PID/exe}) of a
   * root Apache parent from it.
   */
  private static boolean looksLikeHttpd(ProcessHandle p) {
    String name;
    try {
      name = Files.readString(Path.of("/proc", Long.toString(p.pid()), "comm")).strip();
    } catch (IOException e) {
      String cmd = p.info().command().orElse("");
      name = cmd.substring(cmd.lastIndexOf('/') + 1);
    }
    return name.equals("apache2") || name.startsWith("httpd");
  }

  /**
   * Stops Apache and waits for the parent to exit. When the stop command fails in any way (exit
   * code, timeout, cannot run), the verified parent gets SIGTERM, which is what the stop command
   * would have sent. Returns true when it had to do that.
   *
   * @throws SwitchException when the parent is still alive after the exit timeout
   */
  public boolean stop(Path pidFile) throws SwitchException, InterruptedException {
    return stopWith(stopCommand, pidFile);
  }

  /** {@link #stop} with another command. */
  public boolean stopWith(List<String> command, Path pidFile)
      throws SwitchException, InterruptedException {
    return stopWith(command, pidFile, exitTimeout);
  }

  /**
   * A graceful stop that waits at most {@code grace} for the parent's requests to finish, then
   * sends SIGTERM (a hard stop) and waits the exit timeout. A graceful stop has no end of its own
   * (GracefulShutdownTimeout is unset by default) while clients keep connections busy.
   */
  public boolean stopGracefully(List<String> command, Path pidFile, Duration grace)
      throws SwitchException, InterruptedException {
    return stopWith(command, pidFile, grace);
  }

  private boolean stopWith(List<String> command, Path pidFile, Duration grace)
      throws SwitchException, InterruptedException {
    Optional<ProcessHandle> parent = parent(pidFile);
    String failure = null;
    try {
      CommandResult r = run(command);
      if (r.exitCode() != 0) {
        failure = "exit " + r.exitCode() + ": " + r.firstLine();
      }
    } catch (SwitchException e) {
      failure = e.getMessage();
    }
    boolean termed = false;
    if (failure != null && parent.isPresent() && parent.get().isAlive()) {
      if (!parent.get().destroy()) {
        throw new SwitchException(
            "stop failed (" + failure + ") and SIGTERM to " + parent.get().pid() + " was refused");
      }
      termed = true;
    }
    if (parent.isPresent() && !termed && grace.compareTo(exitTimeout) < 0) {
      if (!exited(parent.get(), grace)) {
        parent.get().destroy();
        termed = true;
      }
    }
    if (parent.isPresent()) {
      awaitExit(parent.get());
    }
    return termed;
  }

  private static boolean exited(ProcessHandle p, Duration within) throws InterruptedException {
    try {
      p.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !p.isAlive();
    }
  }

  /**
   * Starts Apache and waits until its parent is alive; fails with the start command's message
   * otherwise.
   */
  public ProcessHandle start(Path pidFile) throws SwitchException, InterruptedException {
    return startWith(startCommand, pidFile);
  }

  /** {@link #start} with another command (the rollback's last resort: apachectl start). */
  public ProcessHandle startWith(List<String> command, Path pidFile)
      throws SwitchException, InterruptedException {
    CommandResult r = run(command);
    long deadline = System.nanoTime() + exitTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> parent = parent(pidFile);
      if (parent.isPresent()) {
        return parent.get();
      }
      if (r.exitCode() != 0) {
        break;
      }
      Thread.sleep(20);
    }
    throw new SwitchException("Apache did not start (exit " + r.exitCode() + "): " + r.firstLine());
  }

  private void awaitExit(ProcessHandle parent) throws SwitchException, InterruptedException {
    try {
      parent.onExit().get(exitTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new SwitchException(
          "Apache parent "
              + parent.pid()
              + " still running "
              + exitTimeout.toMillis()
              + "ms after stop");
    } catch (ExecutionException e) {
      throw new SwitchException("waiting for Apache to exit: " + e.getCause());
    }
  }

  private CommandResult run(List<String> argv) throws SwitchException, InterruptedException {
    return commands.run(argv);
  }
}
