package io.mpmexporter.apache;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * How the status page is reached when it is protected: the TLS context (a CA, a client certificate,
 * or no verification at all), a Host header, extra headers and Basic credentials. Built from the
 * {@code --apache.*} access flags; {@link #NONE} for an open page. {@link #toString()} never shows
 * the credentials.
 *
 * @param tls null for the JDK's default trust store and no client certificate
 * @param insecure the server's certificate is not checked (for the startup warning)
 * @param hostOverride null to send the URL's host
 * @param headers extra request headers, in order
 * @param authorization the {@code Authorization} header value, null for none
 */
public record StatusAccess(
    SSLContext tls,
    boolean insecure,
    String hostOverride,
    List<Map.Entry<String, String>> headers,
    String authorization) {

  public static final StatusAccess NONE = new StatusAccess(null, false, null, List.of(), null);

  public StatusAccess {
    headers = List.copyOf(headers);
  }

  /** The {@code Authorization} value of Basic credentials. */
  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "StatusAccess[tls="
        + (tls != null)
        + ", insecure="
        + insecure
        + ", hostOverride="
        + hostOverride
        + ", headers="
        + headers.stream().map(Map.Entry::getKey).toList()
        + ", authorization="
        + (authorization == null ? "none" : "set")
        + "]";
  }
}
