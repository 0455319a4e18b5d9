package io.mpmexporter.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates the {@code --admin.*}, {@code --apache.stop-cmd} and {@code --apache.start-cmd} flags.
 */
final class AdminFlags {
  private AdminFlags() {}

  /** The admin settings, or null when no {@code --admin.token-file} turns the API on. */
  static AdminConfig build(Map<String, String> raw, List<String> ctl) throws UsageException {
    if (raw.get("admin.token-file").isEmpty()) {
      return null;
    }
    ListenAddress listen =
        ListenAddress.parse("--admin.listen-address", raw.get("admin.listen-address"));
    Path cert = ConfigParser.path(raw, "admin.tls-cert-file");
    Path key = ConfigParser.path(raw, "admin.tls-key-file");
    if ((cert == null) != (key == null)) {
      throw new UsageException("--admin.tls-cert-file and --admin.tls-key-file go together");
    }
    if (cert == null && !loopback(listen)) {
      throw new UsageException(
          "--admin.listen-address: "
              + listen
              + " is not a loopback address; the admin API would send its token in clear text."
              + " Set --admin.tls-cert-file and --admin.tls-key-file, or listen on 127.0.0.1");
    }
    String backend = raw.get("admin.backend");
    if (!List.of("auto", "debian", "rhel").contains(backend)) {
      throw new UsageException("--admin.backend: '" + backend + "' is not auto, debian or rhel");
    }
    int maxFailures;
    try {
      maxFailures = Integer.parseInt(raw.get("admin.max-failures"));
    } catch (NumberFormatException e) {
      maxFailures = 0;
    }
    if (maxFailures < 1) {
      throw new UsageException(
          "--admin.max-failures: '" + raw.get("admin.max-failures") + "' must be a number >= 1");
    }
    List<String> a2enmod = ConfigParser.command("--admin.a2enmod", raw.get("admin.a2enmod"));
    List<String> a2dismod = ConfigParser.command("--admin.a2dismod", raw.get("admin.a2dismod"));
    if (a2enmod.isEmpty() || a2dismod.isEmpty()) {
      throw new UsageException("--admin.a2enmod and --admin.a2dismod must not be empty");
    }
    List<String> stop = ConfigParser.command("--apache.stop-cmd", raw.get("apache.stop-cmd"));
    List<String> start = ConfigParser.command("--apache.start-cmd", raw.get("apache.start-cmd"));
    return new AdminConfig(
        listen,
        ConfigParser.path(raw, "admin.token-file"),
        ConfigParser.path(raw, "admin.audit-log"),
        cert,
        key,
        backend,
        ConfigParser.path(raw, "admin.rhel-mpm-conf"),
        a2enmod,
        a2dismod,
        stop.isEmpty() ? with(ctl, "stop") : stop,
        start.isEmpty() ? with(ctl, "start") : start,
        maxFailures,
        Durations.parse("--admin.lockout", raw.get("admin.lockout")));
  }

  private static List<String> with(List<String> command, String arg) {
    List<String> all = new ArrayList<>(command);
    all.add(arg);
    return all;
  }

  /** An empty host is every interface: not loopback. */
  private static boolean loopback(ListenAddress a) throws UsageException {
    if (a.host().isEmpty()) {
      return false;
    }
    try {
      for (InetAddress ip : InetAddress.getAllByName(a.host())) {
        if (!ip.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new UsageException("--admin.listen-address: unknown host '" + a.host() + "'");
    }
  }
}
