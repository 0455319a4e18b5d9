package io.mpmexporter.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The real programs the integration tests need. In CI a missing one fails the run; elsewhere it
 * skips.
 */
final class Tools {
  private Tools() {}

  /** The one way to let tests skip for want of a tool or of root: {@code -Dit.allowSkips=true}. */
  static final String ALLOW_SKIPS = "it.allowSkips";

  /**
   * Fails the test (the default, and always with {@code CI=true}), or skips it with a line on
   * stderr when {@code -Dit.allowSkips=true} was given: a missing tool must never turn green.
   */
  static void missing(String what) {
    boolean allowed =
        Boolean.getBoolean(ALLOW_SKIPS) && !"true".equalsIgnoreCase(System.getenv("CI"));
    if (!allowed) {
      fail(what + " (scripts/test installs what the tests need; -D" + ALLOW_SKIPS + "=true skips)");
    }
    System.err.println("SKIPPED (-D" + ALLOW_SKIPS + "): " + what);
    Assumptions.abort(what);
  }

  /** Fails (or with {@code -Dit.allowSkips=true} skips) unless the tests run as root. */
  static void requireRoot(String why) {
    if (!DaemonUser.root()) {
      missing("needs root: " + why);
    }
  }

  static Path require(String program, String debianPackage) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    for (String dir : new String[] {"/usr/sbin", "/sbin"}) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    missing(program + " not found: apt-get install " + debianPackage);
    return null;
  }

  /** An htpasswd file with one user (Apache's {SHA} scheme: no htpasswd binary needed). */
  static void htpasswd(Path file, String user, String password) throws Exception {
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-1")
            .digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Files.writeString(
        file, user + ":{SHA}" + java.util.Base64.getEncoder().encodeToString(digest) + "\n");
  }

  /**
   * A self-signed certificate and its unencrypted PKCS#8 key, {@code dir/NAME.pem} and {@code
   * dir/NAME.key}, valid for a day and for the name 127.0.0.1 (openssl req -x509), RSA 2048.
   */
  static Path selfSigned(Path dir, String name, String subject) throws Exception {
    return selfSigned(dir, name, subject, 1, "IP:127.0.0.1", "rsa:2048");
  }

  /** Like {@link #selfSigned(Path, String, String)} with an EC P-256 key. */
  static Path selfSignedEc(Path dir, String name, String subject) throws Exception {
    return selfSigned(
        dir, name, subject, 1, "IP:127.0.0.1", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");
  }

  /** An RSA one valid {@code days} days for the names of {@code san} (e.g. {@code DNS:a.test}). */
  static Path selfSigned(Path dir, String name, String subject, int days, String san)
      throws Exception {
    return selfSigned(dir, name, subject, days, san, "rsa:2048");
  }

  private static Path selfSigned(
      Path dir, String name, String subject, int days, String san, String... newkey)
      throws Exception {
    Path openssl = require("openssl", "openssl");
    Path cert = dir.resolve(name + ".pem");
    List<String> argv = new ArrayList<>(List.of(openssl.toString(), "req", "-x509", "-newkey"));
    argv.addAll(List.of(newkey));
    argv.addAll(
        List.of(
            "-nodes",
            "-days",
            Integer.toString(days),
            "-subj",
            subject,
            "-addext",
            "subjectAltName=" + san,
            "-keyout",
            dir.resolve(name + ".key").toString(),
            "-out",
            cert.toString()));
    outputOk(argv.toArray(new String[0]));
    return cert;
  }

  static Path projectRoot() {
    return Path.of(System.getProperty("project.root", ".")).toAbsolutePath();
  }

  static Path exporterJar() {
    Path jar = Path.of(System.getProperty("exporter.jar", "target/apache-mpm-exporter.jar"));
    if (!Files.isRegularFile(jar)) {
      fail("no " + jar + ": run the integration tests through mvn verify");
    }
    return jar;
  }

  /**
   * The exporter's jar run by this JVM's java: {@code java JVM_FLAGS -jar JAR ARGS}, a mutable list
   * to add more arguments to.
   */
  static java.util.List<String> exporterCommand(java.util.List<String> jvmFlags, String... args) {
    java.util.List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.add("-jar");
    cmd.add(exporterJar().toString());
    cmd.addAll(java.util.List.of(args));
    return cmd;
  }

  /** The JVM flags the shipped launcher (packaging/bin/apache-mpm-exporter) sets by default. */
  static java.util.List<String> shippedJvmFlags() {
    try {
      for (String line :
          Files.readAllLines(projectRoot().resolve("packaging/bin/apache-mpm-exporter"))) {
        int at = line.indexOf("APACHE_MPM_EXPORTER_JAVA_OPTS:=");
        if (at >= 0) {
          String opts = line.substring(at + "APACHE_MPM_EXPORTER_JAVA_OPTS:=".length());
          return java.util.List.of(opts.substring(0, opts.lastIndexOf('}')).trim().split("\\s+"));
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new IllegalStateException("no default JVM flags in the launcher");
  }

  /**
   * Runs a program (an argument list, no shell) with stderr merged into stdout and returns the
   * output; fails when it has not ended within 60 s. The exit code is the caller's to judge.
   */
  static String output(String... cmd) throws Exception {
    return output(60, cmd);
  }

  /** {@link #output} with its own deadline. */
  static String output(int seconds, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", cmd) + ": no end within " + seconds + "s");
    }
    return out;
  }

  /** {@link #output} that also fails on a non-zero exit, naming the command and its output. */
  static String outputOk(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      fail(String.join(" ", cmd) + ": " + out);
    }
    return out;
  }

  /** SIGTERM, then SIGKILL when the process has not exited within {@code graceSeconds}. */
  static void stop(Process process, int graceSeconds) {
    process.destroy();
    try {
      if (!process.waitFor(graceSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
