package io.mpmexporter.it;

import io.mpmexporter.ExpositionText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The exporter's shaded jar, run as its own process the way an operator runs it. */
final class ExporterProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ExporterProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the exporter on a free loopback port with these flags and environment, and waits until
   * ready.
   */
  static ExporterProcess start(Path workDir, Map<String, String> env, String... flags)
      throws Exception {
    return start(workDir, env, List.of(), flags);
  }

  /** {@link #start} with JVM flags before {@code -jar} (e.g. -Xmx32m). */
  static ExporterProcess start(
      Path workDir, Map<String, String> env, List<String> jvmFlags, String... flags)
      throws Exception {
    return start(workDir, env, List.of(), jvmFlags, flags);
  }

  /** {@link #start} under a command prefix (e.g. setpriv to run as another user). */
  static ExporterProcess start(
      Path workDir,
      Map<String, String> env,
      List<String> prefix,
      List<String> jvmFlags,
      String... flags)
      throws Exception {
    int port = ApacheInstance.freePort();
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(Tools.exporterCommand(jvmFlags, "--web.listen-address=127.0.0.1:" + port));
    cmd.addAll(List.of(flags));
    Path log = Files.createTempFile(workDir, "exporter", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    ExporterProcess e = new ExporterProcess(pb.start(), port, log);
    e.awaitReady();
    return e;
  }

  /**
   * Starts the exporter on {@code apache} the way these tests use it: apache2ctl with the
   * instance's environment, polls every 200 ms, apachectl every second.
   */
  static ExporterProcess watching(
      Path workDir, ApacheInstance apache, String statusUrl, String... more) throws Exception {
    return watching(workDir, apache, statusUrl, List.of(), more);
  }

  /** {@link #watching} under a command prefix (e.g. setpriv to run as another user). */
  static ExporterProcess watching(
      Path workDir, ApacheInstance apache, String statusUrl, List<String> prefix, String... more)
      throws Exception {
    List<String> flags = new ArrayList<>();
    flags.add("--apache.status-url=" + statusUrl);
    flags.add("--apache.ctl=apache2ctl");
    flags.add("--poll.interval=200ms");
    flags.add("--poll.ctl-interval=1s");
    flags.addAll(List.of(more));
    return start(workDir, apache.env(), prefix, List.of(), flags.toArray(new String[0]));
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("exporter exited: " + log());
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("exporter not ready within 20s: " + log());
  }

  HttpResponse<String> get(String path) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  String metricsText() throws Exception {
    HttpResponse<String> r = get("/metrics");
    if (r.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + r.statusCode());
    }
    return r.body();
  }

  /**
   * Heap used right after a full GC (jcmd GC.run), as the exporter reports it: a filtered scrape,
   * rendered now rather than from the render cache.
   */
  double heapAfterGc() throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Tools.outputOk(jcmd.toString(), Long.toString(pid()), "GC.run");
    String text = get("/metrics?name%5B%5D=jvm_memory_bytes_used").body();
    return ExpositionText.parse(text).get("jvm_memory_bytes_used{area=\"heap\"}");
  }

  Map<String, Double> metrics() throws Exception {
    return ExpositionText.parse(metricsText());
  }

  /**
   * Polls /metrics until {@code condition} holds; returns the matching scrape or fails after the
   * timeout.
   */
  Map<String, Double> await(String what, Duration timeout, Predicate<Map<String, Double>> condition)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Double> last = Map.of();
    while (System.nanoTime() < deadline) {
      last = metrics();
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "timed out waiting for " + what + "; last scrape: " + apacheOnly(last));
  }

  private static Map<String, Double> apacheOnly(Map<String, Double> m) {
    Map<String, Double> out = new java.util.TreeMap<>();
    m.forEach(
        (k, v) -> {
          if (k.startsWith("apache_")
              && !k.startsWith("apache_modules")
              && !k.startsWith("apache_scoreboard")) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** The exporter's child processes (apachectl runs) alive now. */
  long childProcesses() {
    return process.toHandle().descendants().filter(ProcessHandle::isAlive).count();
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    Tools.stop(process, 10);
  }
}
