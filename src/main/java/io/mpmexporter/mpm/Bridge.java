package io.mpmexporter.mpm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A second Apache of the new MPM, started from the configuration on disk with its own pid file and
 * one extra loopback port of its own, that serves the main port (SO_REUSEPORT) while the main
 * server is replaced. Under systemd it runs in a transient unit, so that stopping Apache's unit or
 * the agent does not take it down. Stopped with {@code graceful-stop}: its requests finish.
 */
final class Bridge {
  /** How long the bridge's graceful stop lets its requests finish before it ends them. */
  static final Duration GRACE = Duration.ofSeconds(10);

  private final SwitchCommands commands;
  private final ApacheProcess process;
  private final Path pidFile;
  private final int verifyPort;
  private final List<String> launcher;
  private final List<String> extra;

  private Bridge(
      SwitchCommands commands,
      ApacheProcess process,
      Path pidFile,
      int verifyPort,
      List<String> launcher,
      List<String> extra) {
    this.commands = commands;
    this.process = process;
    this.pidFile = pidFile;
    this.verifyPort = verifyPort;
    this.launcher = List.copyOf(launcher);
    this.extra = List.copyOf(extra);
  }

  /**
   * @param mainPidFile the main server's pid file; the bridge's sits beside it
   * @param systemd run the bridge in a transient systemd unit
   * @param ssl mod_ssl is loaded: the bridge gets its own shmcb session cache file
   */
  static Bridge plan(
      SwitchCommands commands,
      ApacheProcess process,
      Path mainPidFile,
      boolean systemd,
      boolean ssl)
      throws SwitchException {
    Path pid = mainPidFile.resolveSibling("mpm-bridge.pid");
    int port = freeLoopbackPort();
    List<String> launcher = new ArrayList<>();
    if (systemd) {
      launcher.addAll(
          List.of(
              "systemd-run",
              "--quiet",
              "--collect",
              "--unit=apache-mpm-bridge-" + System.currentTimeMillis(),
              "--property=Type=forking",
              "--property=PIDFile=" + pid));
    }
    List<String> extra = new ArrayList<>();
    if (ssl) {
      extra.add("-c");
      extra.add("SSLSessionCache shmcb:" + pid.resolveSibling("mpm-bridge-ssl-cache") + "(512000)");
    }
    return new Bridge(commands, process, pid, port, launcher, extra);
  }

  /** A bridge that a switch started and an agent that died left behind, found by its pid file. */
  static Bridge existing(SwitchCommands commands, ApacheProcess process, Path pidFile) {
    return new Bridge(commands, process, pidFile, 0, List.of(), List.of());
  }

  private static int freeLoopbackPort() throws SwitchException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new SwitchException("no free loopback port for the bridge: " + e.getMessage());
    }
  }

  List<String> startCommand() {
    List<String> cmd = new ArrayList<>(launcher);
    // Busy keep-alive connections can hold a graceful stop open for ever: the bridge's ends.
    cmd.addAll(
        commands.command(
            "-k",
            "start",
            "-c",
            "PidFile " + pidFile,
            "-c",
            "Listen 127.0.0.1:" + verifyPort,
            "-c",
            "GracefulShutdownTimeout " + GRACE.toSeconds()));
    cmd.addAll(extra);
    return cmd;
  }

  List<String> stopCommand() {
    return commands.command("-k", "graceful-stop", "-c", "PidFile " + pidFile);
  }

  /** Starts the bridge and waits for its parent. */
  ProcessHandle start() throws SwitchException, InterruptedException {
    return process.startWith(startCommand(), pidFile);
  }

  /** Graceful stop, then waits for its parent to exit (SIGTERM if it outlives its own grace). */
  void stop() throws SwitchException, InterruptedException {
    process.stopGracefully(stopCommand(), pidFile, GRACE.plusSeconds(5));
  }

  Path pidFile() {
    return pidFile;
  }

  boolean running() {
    return process.parent(pidFile).isPresent();
  }

  /** The bridge's own status page: the main URL's path and query on the bridge's private port. */
  URI statusUrl(URI main) {
    return URI.create(
        "http://127.0.0.1:"
            + verifyPort
            + main.getRawPath()
            + (main.getRawQuery() == null ? "" : "?" + main.getRawQuery()));
  }
}
