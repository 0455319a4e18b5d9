package io.mpmexporter.apache;

import io.mpmexporter.base.DaemonThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@link CommandRunner} over {@link ProcessBuilder}. The exporter's environment passes through (so
 * {@code APACHE_CONFDIR} reaches apachectl); stdin is closed; each stream is drained to its end but
 * kept only up to {@code maxOutputBytes}; on timeout the process and all its descendants are
 * killed.
 *
 * <p>With a search path (the root agent's), a command named without a slash is looked up only in
 * those folders, never through the inherited {@code PATH}, and children get that path as their
 * {@code PATH}: a root process must not run whatever an environment put first.
 */
public final class ProcessCommandRunner implements CommandRunner {
  /** Where the root agent finds systemctl, systemd-run, apache2ctl, a2enmod and what they run. */
  public static final List<Path> SYSTEM_PATH =
      List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/sbin"), Path.of("/bin"));

  private final int maxOutputBytes;
  private final List<Path> searchPath;
  private final ExecutorService readers;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private final ReentrantReadWriteLock starting = new ReentrantReadWriteLock();
  private boolean closed; // guarded by starting

  public ProcessCommandRunner(int maxOutputBytes) {
    this(maxOutputBytes, List.of());
  }

  /**
   * @param searchPath empty: the inherited PATH; else the only folders a bare command name is
   *     looked up in (see {@link #SYSTEM_PATH})
   */
  public ProcessCommandRunner(int maxOutputBytes, List<Path> searchPath) {
    this.maxOutputBytes = maxOutputBytes;
    this.searchPath = List.copyOf(searchPath);
    this.readers = Executors.newCachedThreadPool(DaemonThreads.named("command-output"));
  }

  @Override
  public CommandResult run(List<String> command, Duration timeout)
      throws IOException, CommandTimeoutException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(resolve(command));
    if (!searchPath.isEmpty()) {
      pb.environment()
          .put("PATH", String.join(":", searchPath.stream().map(Path::toString).toList()));
    }
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process;
    // A process is started and recorded as one step, so close() cannot miss one being started.
    starting.readLock().lock();
    try {
      if (closed) {
        throw new IOException("the command runner is closed");
      }
      process = pb.start();
      running.add(process);
    } finally {
      starting.readLock().unlock();
    }
    try {
      return await(command, process, timeout);
    } finally {
      running.remove(process);
    }
  }

  /** The command with its program found in the search path, when there is one. */
  List<String> resolve(List<String> command) throws IOException {
    String program = command.get(0);
    if (searchPath.isEmpty() || program.contains("/")) {
      return command;
    }
    for (Path dir : searchPath) {
      Path candidate = dir.resolve(program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, candidate.toString());
        return resolved;
      }
    }
    throw new IOException(
        program
            + " is not in "
            + String.join(":", searchPath.stream().map(Path::toString).toList())
            + " (give its full path)");
  }

  private CommandResult await(List<String> command, Process process, Duration timeout)
      throws CommandTimeoutException, InterruptedException {
    Future<String> out = readers.submit(() -> drain(process.getInputStream()));
    Future<String> err = readers.submit(() -> drain(process.getErrorStream()));
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        kill(process);
        throw new CommandTimeoutException(
            command.get(0) + " did not finish within " + timeout.toMillis() + "ms");
      }
      long left = Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(200));
      // A child that inherited the pipes can keep them open after the parent exited: bound the
      // wait.
      return new CommandResult(process.exitValue(), get(out, left), get(err, left));
    } catch (InterruptedException e) {
      kill(process);
      throw e;
    }
  }

  private String get(Future<String> f, long nanos) throws InterruptedException {
    try {
      return f.get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return "";
    } catch (ExecutionException e) {
      return "";
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String drain(InputStream in) throws IOException {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        int room = maxOutputBytes - kept.size();
        if (room > 0) {
          kept.write(buf, 0, Math.min(n, room));
        }
      }
    }
    return kept.toString(StandardCharsets.UTF_8);
  }

  /**
   * Kills every command still running (and its descendants), then stops the output readers. Called
   * at shutdown: a hung apachectl must not outlive the daemon.
   */
  public void close() {
    starting.writeLock().lock();
    try {
      closed = true;
    } finally {
      starting.writeLock().unlock();
    }
    for (Process p : running) {
      kill(p);
    }
    readers.shutdownNow();
  }
}
