package io.mpmexporter.config;

import java.net.InetSocketAddress;

/** A {@code host:port} to listen on; an empty host ({@code :9117}) means every interface. */
public record ListenAddress(String host, int port) {

  /** Parses {@code :9117}, {@code 127.0.0.1:9117}, {@code [::1]:9117} or {@code localhost:0}. */
  public static ListenAddress parse(String flag, String text) throws UsageException {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new UsageException(
          flag + ": '" + text + "' is not host:port (e.g. :9117 or 127.0.0.1:9117)");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new UsageException(flag + ": put an IPv6 address in brackets, e.g. [::1]:9117");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new UsageException(flag + ": '" + text.substring(colon + 1) + "' is not a port number");
    }
    if (port < 0 || port > 65535) {
      throw new UsageException(flag + ": port " + port + " is outside 0-65535");
    }
    return new ListenAddress(host, port);
  }

  public InetSocketAddress toSocketAddress() {
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
