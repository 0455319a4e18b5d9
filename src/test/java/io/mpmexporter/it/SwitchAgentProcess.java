package io.mpmexporter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code apache-mpm-exporter switch-agent} from the shaded jar, as root, on a private Apache. */
final class SwitchAgentProcess implements AutoCloseable {
  private final Process process;
  private final Path socket;
  private final Path log;
  private final Path audit;

  private SwitchAgentProcess(Process process, Path socket, Path log, Path audit) {
    this.process = process;
    this.socket = socket;
    this.log = log;
    this.audit = audit;
  }

  /**
   * Starts the agent for {@code apache}, serving {@code user} on {@code dir/agent/switch.sock}, and
   * waits until it listens.
   */
  static SwitchAgentProcess start(Path dir, ApacheInstance apache, String user, String... flags)
      throws Exception {
    return start(dir, apache, user, Map.of(), flags);
  }

  /** {@link #start} with extra environment variables (the kill tests' pause hook). */
  static SwitchAgentProcess start(
      Path dir, ApacheInstance apache, String user, Map<String, String> env, String... flags)
      throws Exception {
    Path home = Files.createDirectories(dir.resolve("agent"));
    Path socket = home.resolve("switch.sock");
    Path audit = home.resolve("switch-audit.log");
    List<String> cmd = Tools.exporterCommand(List.of(), "switch-agent");
    cmd.add("--apache.status-url=" + apache.statusUrl());
    cmd.add("--apache.ctl=apache2ctl");
    cmd.add("--admin.switch-socket=" + socket);
    cmd.add("--admin.switch-user=" + user);
    cmd.add("--admin.audit-log=" + audit);
    cmd.add("--admin.switch-state-dir=" + home.resolve("state"));
    cmd.addAll(List.of(flags));
    Path log = Files.createTempFile(dir, "agent", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(apache.env());
    pb.environment().putAll(env);
    SwitchAgentProcess a = new SwitchAgentProcess(pb.start(), socket, log, audit);
    a.awaitListening();
    return a;
  }

  private void awaitListening() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("switch agent exited: " + log());
      }
      if (log().contains("switch agent started")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("switch agent not listening within 20s: " + log());
  }

  Path socket() {
    return socket;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  List<String> auditLines() throws IOException {
    return Files.exists(audit) ? Files.readAllLines(audit) : List.of();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL, as the OOM killer or a stop timeout sends it; waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** The write-ahead record of a switch in progress, in the agent's state folder. */
  Path switchRecord() {
    return socket.resolveSibling("state").resolve("switch.json");
  }

  /** SIGTERM, as systemd's stop sends it; returns without waiting. */
  void terminate() {
    process.destroy();
  }

  /** Waits for the process to exit; its exit code, or -1 if still running after the limit. */
  int awaitExit(int seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  @Override
  public void close() {
    Tools.stop(process, 40);
  }
}
