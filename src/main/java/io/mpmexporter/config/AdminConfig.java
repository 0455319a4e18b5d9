package io.mpmexporter.config;

import static io.mpmexporter.config.Flag.Command.AGENT;
import static io.mpmexporter.config.Flag.Command.EXPORTER;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The exporter's admin API settings; present only when {@code --admin.token-file} is given. The
 * switch itself is the agent's ({@link AgentConfig}); the exporter only forwards to its socket.
 *
 * @param tlsCert null for plain HTTP, which the parser allows only on a loopback address
 * @param switchSocket the switch agent's Unix socket
 */
public record AdminConfig(
    ListenAddress listenAddress,
    Path tokenFile,
    Path auditLog,
    Path tlsCert,
    Path tlsKey,
    int maxFailures,
    Duration lockout,
    Path switchSocket) {

  public static final Flag<Path> TOKEN_FILE =
      Flag.of(
          "admin.token-file",
          FlagTypes.PATH,
          "",
          "File with the admin bearer token (mode 0600, >= 256 bits, e.g. 32 random bytes in"
              + " base64); enables the admin API.",
          EXPORTER);
  public static final Flag<ListenAddress> LISTEN_ADDRESS =
      Flag.of(
          "admin.listen-address",
          FlagTypes.LISTEN_ADDRESS,
          "127.0.0.1:9118",
          "Address of the admin API; anything but loopback needs TLS.",
          EXPORTER);
  public static final Flag<Path> AUDIT_LOG =
      Flag.of(
          "admin.audit-log",
          FlagTypes.PATH,
          "",
          "Append one JSON line per admin request (exporter: per POST; agent: per switch"
              + " request) to this file.",
          EXPORTER,
          AGENT);
  public static final Flag<Path> TLS_CERT_FILE =
      Flag.of(
          "admin.tls-cert-file",
          FlagTypes.PATH,
          "",
          "PEM certificate chain for the admin API.",
          EXPORTER);
  public static final Flag<Path> TLS_KEY_FILE =
      Flag.of(
          "admin.tls-key-file",
          FlagTypes.PATH,
          "",
          "PEM PKCS#8 private key for the admin API.",
          EXPORTER);
  public static final Flag<Integer> MAX_FAILURES =
      Flag.of(
          "admin.max-failures",
          FlagTypes.atLeast(1),
          "5",
          "Failed authentications from one address that lock it out (429).",
          EXPORTER);
  public static final Flag<Duration> LOCKOUT =
      Flag.of("admin.lockout", FlagTypes.DURATION, "60s", "How long a lockout lasts.", EXPORTER);

  /** An absolute path: the exporter and the agent must agree on it. */
  public static final Flag<Path> SWITCH_SOCKET =
      Flag.of(
          "admin.switch-socket",
          AdminConfig::parseSocket,
          "/run/apache-mpm-exporter/switch.sock",
          "Unix socket of the switch agent, which carries out an MPM switch as root.",
          EXPORTER,
          AGENT);

  static final List<Flag<?>> FLAGS =
      List.of(
          TOKEN_FILE,
          LISTEN_ADDRESS,
          AUDIT_LOG,
          TLS_CERT_FILE,
          TLS_KEY_FILE,
          MAX_FAILURES,
          LOCKOUT,
          SWITCH_SOCKET);

  /** The admin settings, or null when no {@code --admin.token-file} turns the API on. */
  static AdminConfig from(FlagValues v) throws UsageException {
    Path token = v.get(TOKEN_FILE);
    if (token == null) {
      return null;
    }
    ListenAddress listen = v.get(LISTEN_ADDRESS);
    Path cert = v.get(TLS_CERT_FILE);
    Path key = v.get(TLS_KEY_FILE);
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
    return new AdminConfig(
        listen,
        token,
        v.get(AUDIT_LOG),
        cert,
        key,
        v.get(MAX_FAILURES),
        v.get(LOCKOUT),
        v.get(SWITCH_SOCKET));
  }

  private static Path parseSocket(String flag, String text) throws UsageException {
    Path socket = FlagTypes.PATH.parse(flag, text);
    if (socket == null || !socket.isAbsolute()) {
      throw new UsageException(flag + ": '" + text + "' must be an absolute path");
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
