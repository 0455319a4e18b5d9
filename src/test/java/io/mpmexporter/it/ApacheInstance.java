package io.mpmexporter.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real private Apache httpd (Debian's apache2) under a test folder, on 127.0.0.1 and a free port.
 */
final class ApacheInstance implements AutoCloseable {
  /** Ports held by {@link #occupyPortUnder}, freed by {@link #close}. */
  private final List<ServerSocket> held = new ArrayList<>();

  private final Path dir;
  private final int port;
  private final Path script;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ApacheInstance(Path dir, int port) {
    this.dir = dir;
    this.port = port;
    this.script = Tools.projectRoot().resolve("scripts/apache-instance");
  }

  /** Creates (does not start) an instance with the given MPM. */
  static ApacheInstance create(Path dir, String mpm) throws Exception {
    Tools.require("apache2ctl", "apache2");
    ApacheInstance a = new ApacheInstance(dir, freePort());
    a.script("create", dir.toString(), Integer.toString(a.port), mpm);
    return a;
  }

  /** Ports this JVM has handed out: the kernel may offer the same free port twice in a row. */
  private static final java.util.Set<Integer> ISSUED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * A port free now and not handed out before in this JVM (a CI run once gave an exporter's metrics
   * and admin listeners the same port, and the second bind failed).
   */
  static int freePort() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket s = new ServerSocket(0)) {
        if (ISSUED.add(s.getLocalPort())) {
          return s.getLocalPort();
        }
      }
    }
    throw new IOException("no free port that was not handed out before, in 100 attempts");
  }

  int port() {
    return port;
  }

  String statusUrl() {
    return "http://127.0.0.1:" + port + "/server-status?auto";
  }

  /** The instance's APACHE_CONFDIR (ServerRoot). */
  Path confDir() {
    return dir.resolve("conf");
  }

  /** The access log of the instance's default virtual host (every request to its port). */
  Path accessLog() {
    return dir.resolve("log/access.log");
  }

  /** What apachectl and a2enmod need to act on this instance and not on the system's Apache. */
  Map<String, String> env() {
    return Map.of(
        "APACHE_CONFDIR", dir.resolve("conf").toString(),
        "APACHE_STATE_DIRECTORY", dir.resolve("state").toString(),
        "APACHE_STARTED_BY_SYSTEMD", "1");
  }

  void start() throws Exception {
    script("start", dir.toString());
  }

  /** Full stop: returns once the parent process is gone. */
  void stop() throws Exception {
    script("stop", dir.toString());
  }

  /** a2dismod/a2enmod only, like an operator editing the config: no restart. */
  void configureMpm(String mpm) throws Exception {
    script("mpm", dir.toString(), mpm);
  }

  /** Chooses the MPM the RHEL way: the one active LoadModule line in conf.modules.d/00-mpm.conf. */
  Path useRhelLayout() throws Exception {
    script("rhel-layout", dir.toString());
    return dir.resolve("conf/conf.modules.d/00-mpm.conf");
  }

  /** Enables Debian's mod_php (libapache2-mod-php) in this prefork instance. */
  void enablePhp() throws Exception {
    Tools.require("php", "libapache2-mod-php");
    script("php", dir.toString());
  }

  /**
   * Makes {@code mpm} unable to start: a config block that only it reads listens on a loopback port
   * that this instance holds until it is closed.
   */
  void occupyPortUnder(String mpm) throws IOException {
    ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
    held.add(taken);
    addConf(
        "zz-" + mpm + "-port",
        "<IfModule mpm_"
            + mpm
            + "_module>\n  Listen 127.0.0.1:"
            + taken.getLocalPort()
            + "\n</IfModule>\n");
  }

  /**
   * Two protected status pages: {@code /status-basic} behind Basic auth with {@code htpasswd}, and
   * {@code /status-header} for requests with {@code X-Status-Token: sesame} and Host {@code host}.
   */
  static String protectedStatusPages(Path htpasswd, String host) {
    return String.join(
        "\n",
        "<Location /status-basic>",
        "  SetHandler server-status",
        "  AuthType Basic",
        "  AuthName status",
        "  AuthUserFile " + htpasswd,
        "  Require valid-user",
        "</Location>",
        "<Location /status-header>",
        "  SetHandler server-status",
        "  Require expr \"%{HTTP:X-Status-Token} == 'sesame' && %{HTTP_HOST} == '" + host + "'\"",
        "</Location>",
        "");
  }

  /** Writes {@code conf-enabled/NAME.conf}, the way an operator adds a snippet. */
  void addConf(String name, String text) throws IOException {
    Files.writeString(dir.resolve("conf/conf-enabled/" + name + ".conf"), text);
  }

  /** Deletes what {@link #addConf} wrote. */
  void removeConf(String name) throws IOException {
    Files.delete(dir.resolve("conf/conf-enabled/" + name + ".conf"));
  }

  /** The parent's pid from the pid file, or 0 when Apache is not running. */
  long pid() throws IOException {
    Path f = dir.resolve("run/apache2.pid");
    if (!Files.exists(f)) {
      return 0;
    }
    String text = Files.readString(f).strip();
    long pid = text.isEmpty() ? 0 : Long.parseLong(text);
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? pid : 0;
  }

  /** The enabled mpm_*.load files, e.g. [mpm_event]. */
  List<String> enabledMpms() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("conf/mods-enabled"))) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("mpm_") && n.endsWith(".load"))
          .map(n -> n.substring(0, n.length() - 5))
          .sorted()
          .toList();
    }
  }

  /** ServerMPM from a status fetch of our own, independent of the exporter. */
  String statusMpm() throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(statusUrl())).timeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("status page answered " + r.statusCode());
    }
    for (String line : r.body().split("\n")) {
      if (line.startsWith("ServerMPM: ")) {
        return line.substring("ServerMPM: ".length()).strip();
      }
    }
    throw new IllegalStateException("no ServerMPM line: " + r.body());
  }

  /** Server MPM from our own apache2ctl -V run (the configuration on disk). */
  String ctlMpm() throws Exception {
    String out = output(List.of("apache2ctl", "-V"));
    for (String line : out.split("\n")) {
      if (line.startsWith("Server MPM:")) {
        return line.substring("Server MPM:".length()).strip();
      }
    }
    throw new IllegalStateException("no Server MPM line: " + out);
  }

  /** Runs one of Debian's a2* helpers (e.g. a2dismod status) on this instance. */
  void a2(String... command) throws Exception {
    run(List.of(command));
  }

  private void script(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(script.toString());
    cmd.addAll(List.of(args));
    run(cmd);
  }

  private void run(List<String> cmd) throws Exception {
    output(cmd);
  }

  private String output(List<String> cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + ": no answer within 60s");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", cmd)
              + ": exit "
              + p.exitValue()
              + ": "
              + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    for (ServerSocket s : held) {
      s.close();
    }
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IOException(e);
    }
  }
}
