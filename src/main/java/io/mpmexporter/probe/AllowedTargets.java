package io.mpmexporter.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What {@code /probe} may fetch: {@code allowed_targets}, each a host name, an IP address, a CIDR
 * block, or one of those with {@code :port} (a port only that one; without, any port). Matching is
 * on the target as written, before any name is resolved: a name matches only an entry with that
 * name, a CIDR only an IP address written in the target (a name that resolves into the block is not
 * let in, or anyone who controls a DNS record could point the exporter anywhere).
 */
public final class AllowedTargets {
  /** A DNS name of letters, digits and hyphens; a trailing dot is cut before matching. */
  private static final Pattern NAME =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  /** One entry: a name, or an address block (a single address is a /32 or /128). */
  private record Entry(String name, byte[] network, int prefix, int port) {
    boolean matches(String host, byte[] address, int targetPort) {
      if (port >= 0 && port != targetPort) {
        return false;
      }
      if (name != null) {
        return name.equals(host);
      }
      return address != null && address.length == network.length && inBlock(address);
    }

    private boolean inBlock(byte[] address) {
      int bits = prefix;
      for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
        int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
        if ((address[i] & mask) != (network[i] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private final List<Entry> entries;
  private final List<String> written;

  private AllowedTargets(List<Entry> entries, List<String> written) {
    this.entries = List.copyOf(entries);
    this.written = List.copyOf(written);
  }

  /**
   * Reads the entries as the configuration file writes them.
   *
   * @throws IllegalArgumentException naming the entry that is none of the accepted forms
   */
  public static AllowedTargets of(List<String> texts) {
    List<Entry> entries = new ArrayList<>();
    for (String text : texts) {
      entries.add(entry(text.strip()));
    }
    return new AllowedTargets(entries, texts);
  }

  private static Entry entry(String text) {
    String hostPart = text;
    int port = -1;
    int slash = text.indexOf('/');
    HostPort hp = HostPort.split(slash < 0 ? text : text.substring(0, slash));
    if (hp != null && hp.port() >= 0) {
      hostPart = hp.host();
      port = hp.port();
    } else if (hp != null) {
      hostPart = hp.host();
    }
    if (slash >= 0) {
      if (port >= 0) {
        throw new IllegalArgumentException(
            "'" + text + "': a CIDR block takes no port (write the block alone)");
      }
      byte[] network = address(hostPart);
      int prefix = prefix(text.substring(slash + 1), network, text);
      return new Entry(null, network, prefix, -1);
    }
    byte[] single = address(hostPart);
    if (single != null) {
      return new Entry(null, single, single.length * 8, port);
    }
    String name = name(hostPart);
    if (name == null) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a host name, an IP address, a CIDR block or one with :port");
    }
    return new Entry(name, null, 0, port);
  }

  private static int prefix(String bits, byte[] network, String text) {
    if (network == null || !bits.matches("\\d{1,3}")) {
      throw new IllegalArgumentException("'" + text + "' is not a CIDR block (e.g. 10.0.0.0/8)");
    }
    int prefix = Integer.parseInt(bits);
    if (prefix > network.length * 8) {
      throw new IllegalArgumentException("'" + text + "': the prefix is longer than the address");
    }
    return prefix;
  }

  /** True if this target may be fetched; {@code host} as {@link HostPort} gives it. */
  public boolean allows(String host, int port) {
    byte[] address = address(host);
    String name = address == null ? name(host) : null;
    if (address == null && name == null) {
      return false;
    }
    for (Entry e : entries) {
      if (e.matches(name, address, port)) {
        return true;
      }
    }
    return false;
  }

  /** The entries as written, for the log at start. */
  public List<String> written() {
    return written;
  }

  /**
   * The bytes of an IP address written in full (IPv4 as four decimal parts, IPv6 with colons,
   * brackets taken off), or null: nothing is resolved, and forms like {@code 127.1} are not
   * addresses here.
   */
  static byte[] address(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean v4 = IPV4.matcher(h).matches();
    boolean v6 = h.indexOf(':') >= 0 && h.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(h).getAddress(); // a literal: no lookup
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The host name in lower case without a trailing dot, or null if it is not a DNS name. */
  static String name(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return NAME.matcher(h).matches() ? h : null;
  }
}
