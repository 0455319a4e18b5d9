package io.mpmexporter.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;

/** Validates the exporter's {@code --admin.*} flags. */
final class AdminFlags {
  private AdminFlags() {}

  /** The admin settings, or null when no {@code --admin.token-file} turns the API on. */
  static AdminConfig build(Map<String, String> raw) throws UsageException {
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
    return new AdminConfig(
        listen,
        ConfigParser.path(raw, "admin.token-file"),
        ConfigParser.path(raw, "admin.audit-log"),
        cert,
        key,
        maxFailures,
        Durations.parse("--admin.lockout", raw.get("admin.lockout")),
        socket(raw));
  }

  /** --admin.switch-socket: an absolute path (the exporter and the agent must agree on it). */
  static Path socket(Map<String, String> raw) throws UsageException {
    Path socket = ConfigParser.path(raw, "admin.switch-socket");
    if (socket == null || !socket.isAbsolute()) {
      throw new UsageException(
          "--admin.switch-socket: '"
              + raw.get("admin.switch-socket")
              + "' must be an absolute path");
    }
    return socket;
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
