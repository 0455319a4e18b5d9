package io.mpmexporter.config;

import io.mpmexporter.apache.StatusAccess;
import io.mpmexporter.http.PemTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Builds the {@link StatusAccess} from the {@code --apache.*} access flags, shared by the exporter
 * and the switch agent (both read the status page): every inconsistency is a usage error naming the
 * flag, and the password is read from its file, never taken from argv.
 */
final class StatusAccessFlags {
  /** An HTTP header name (RFC 9110 token). */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Headers a flag may not set: the client owns them, or another flag does. */
  private static final Set<String> RESERVED =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

  private StatusAccessFlags() {}

  static StatusAccess build(Map<String, String> raw, java.net.URI statusUrl) throws UsageException {
    boolean https = statusUrl.getScheme().equalsIgnoreCase("https");
    Path ca = ConfigParser.path(raw, "apache.ca-file");
    Path cert = ConfigParser.path(raw, "apache.client-cert-file");
    Path key = ConfigParser.path(raw, "apache.client-key-file");
    boolean insecure = ConfigParser.bool("--apache.insecure", raw.get("apache.insecure"));
    if ((cert == null) != (key == null)) {
      throw new UsageException(
          "--apache.client-cert-file and --apache.client-key-file go together");
    }
    if (!https && (ca != null || cert != null || insecure)) {
      throw new UsageException(
          "--apache.ca-file, --apache.client-cert-file and --apache.insecure need an https://"
              + " --apache.status-url");
    }
    if (insecure && ca != null) {
      throw new UsageException("--apache.insecure and --apache.ca-file contradict each other");
    }
    SSLContext tls = null;
    if (ca != null || cert != null || insecure) {
      try {
        tls = PemTls.clientContext(ca, cert, key, insecure);
      } catch (IOException e) {
        throw new UsageException("status page TLS: " + e.getMessage());
      }
    }
    String host = raw.get("apache.host-override");
    if (!host.isEmpty() && !Pattern.matches("[A-Za-z0-9.:\\[\\]-]+", host)) {
      throw new UsageException("--apache.host-override: '" + host + "' is not a host[:port]");
    }
    List<Map.Entry<String, String>> headers = headers(raw.get("apache.header"));
    String authorization = basic(raw, headers);
    return new StatusAccess(tls, insecure, host.isEmpty() ? null : host, headers, authorization);
  }

  private static List<Map.Entry<String, String>> headers(String text) throws UsageException {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (text.isEmpty()) {
      return out;
    }
    for (String h : text.split("\n", -1)) {
      int colon = h.indexOf(':');
      String name = colon < 0 ? "" : h.substring(0, colon).strip();
      String value = colon < 0 ? "" : h.substring(colon + 1).strip();
      if (!TOKEN.matcher(name).matches()) {
        throw new UsageException("--apache.header: '" + h + "' is not 'Name: value'");
      }
      if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
        throw new UsageException(
            "--apache.header: "
                + name
                + " cannot be set this way"
                + (name.equalsIgnoreCase("host") ? " (use --apache.host-override)" : ""));
      }
      for (char c : value.toCharArray()) {
        if (c < 0x20 && c != '\t' || c == 0x7f) {
          throw new UsageException("--apache.header: control character in the value of " + name);
        }
      }
      out.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
    }
    return out;
  }

  private static String basic(Map<String, String> raw, List<Map.Entry<String, String>> headers)
      throws UsageException {
    String user = raw.get("apache.username");
    Path file = ConfigParser.path(raw, "apache.password-file");
    if (user.isEmpty() && file == null) {
      return null;
    }
    if (user.isEmpty() || file == null) {
      throw new UsageException("--apache.username and --apache.password-file go together");
    }
    if (user.contains(":") || user.chars().anyMatch(c -> c < 0x20)) {
      throw new UsageException("--apache.username: no colon or control characters");
    }
    if (headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Authorization"))) {
      throw new UsageException("--apache.username and an Authorization --apache.header conflict");
    }
    String password;
    try {
      if (Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
        throw new UsageException(
            "--apache.password-file: " + file + " is world-readable (chmod o-r)");
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      password = (nl < 0 ? text : text.substring(0, nl)).stripTrailing();
    } catch (IOException e) {
      throw new UsageException("--apache.password-file: cannot read " + file + ": " + e);
    }
    if (password.isEmpty()) {
      throw new UsageException("--apache.password-file: " + file + " is empty");
    }
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
