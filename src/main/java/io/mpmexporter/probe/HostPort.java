package io.mpmexporter.probe;

/**
 * A host and an optional port as written: {@code host}, {@code host:port}, {@code [v6]}, {@code
 * [v6]:port}, or a bare IPv6 address (its colons are not a port).
 *
 * @param host as written, brackets kept for IPv6
 * @param port -1 when none was written
 */
record HostPort(String host, int port) {

  /** Null when the text is empty, has an empty host, or its port is not 1-65535. */
  static HostPort split(String text) {
    if (text.isEmpty()) {
      return null;
    }
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 2) {
        return null;
      }
      String host = text.substring(0, close + 1);
      String rest = text.substring(close + 1);
      if (rest.isEmpty()) {
        return new HostPort(host, -1);
      }
      return rest.startsWith(":") ? withPort(host, rest.substring(1)) : null;
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      return new HostPort(text, -1);
    }
    if (text.indexOf(':', colon + 1) >= 0) {
      return new HostPort("[" + text + "]", -1); // a bare IPv6 address
    }
    return colon == 0 ? null : withPort(text.substring(0, colon), text.substring(colon + 1));
  }

  private static HostPort withPort(String host, String port) {
    if (!port.matches("\\d{1,5}")) {
      return null;
    }
    int p = Integer.parseInt(port);
    return p < 1 || p > 65535 ? null : new HostPort(host, p);
  }
}
