package io.mpmexporter.mpm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether a hand-over can work on the running server: its listener must have SO_REUSEPORT (httpd
 * sets it when {@code ListenCoresBucketsRatio} is above 0 at a full start), so that a bridge
 * instance can bind the same port. {@code net.ipv4.tcp_migrate_req=1} (Linux 5.14+) also moves the
 * connections queued on a closing listener to the surviving one; without it a few are reset.
 *
 * @param reusePort the probe could bind the listener's address with SO_REUSEPORT
 * @param migrateReq the sysctl's value, or null when the kernel has none
 * @param detail why, in one line
 */
public record HandoverReadiness(boolean reusePort, Integer migrateReq, String detail) {
  /** What to add to Apache's config, and when it takes effect. */
  public static final String PREPARE =
      "add 'ListenCoresBucketsRatio 1' to the global config; it takes effect at the next full stop"
          + " and start (a switch with strategy restart does one)";

  public static final Path MIGRATE_REQ = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");

  /**
   * Probes the status URL's address: binds (without listen, so no connection can land on the probe)
   * a socket with SO_REUSEPORT to it. The kernel allows that only if the listener there has
   * SO_REUSEPORT too and belongs to the same user, so the agent must run as Apache's parent's user.
   */
  public static HandoverReadiness probe(URI statusUrl, Path migrateReqFile) {
    Integer migrate = migrateReq(migrateReqFile);
    int port = statusUrl.getPort() > 0 ? statusUrl.getPort() : defaultPort(statusUrl);
    InetSocketAddress address;
    try {
      address = new InetSocketAddress(InetAddress.getByName(statusUrl.getHost()), port);
    } catch (IOException e) {
      return new HandoverReadiness(false, migrate, "cannot resolve " + statusUrl.getHost());
    }
    try (SocketChannel probe = SocketChannel.open()) {
      probe.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      probe.bind(address);
      return new HandoverReadiness(
          true, migrate, "the listener on " + hostPort(address) + " has SO_REUSEPORT");
    } catch (IOException e) {
      if (port < 1024 && String.valueOf(e.getMessage()).contains("Permission denied")) {
        // EACCES before the kernel looks at the listener: the probe proves nothing about it.
        return new HandoverReadiness(
            false,
            migrate,
            "cannot tell whether the listener on "
                + hostPort(address)
                + " has SO_REUSEPORT: the agent may not bind port "
                + port
                + " ("
                + e.getMessage()
                + "); it needs CAP_NET_BIND_SERVICE (the packaged apache-mpm-switch.service has"
                + " it in CapabilityBoundingSet)");
      }
      return new HandoverReadiness(
          false,
          migrate,
          "the listener on "
              + hostPort(address)
              + " has no SO_REUSEPORT ("
              + e.getMessage()
              + "): "
              + PREPARE);
    } catch (UnsupportedOperationException e) {
      return new HandoverReadiness(false, migrate, "this JVM cannot set SO_REUSEPORT");
    }
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  private static int defaultPort(URI uri) {
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static Integer migrateReq(Path file) {
    try {
      return Integer.valueOf(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("handover_ready", reusePort);
    m.put("tcp_migrate_req", migrateReq);
    m.put("readiness", detail);
    return m;
  }
}
