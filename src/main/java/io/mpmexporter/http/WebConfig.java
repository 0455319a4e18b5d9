package io.mpmexporter.http;

import java.nio.file.Path;
import java.util.Map;

/**
 * The metrics listener's TLS and basic-auth settings, from a {@code --web.config.file} in the
 * Prometheus exporter-toolkit format.
 *
 * @param tlsCert null for plain HTTP
 * @param minTlsVersion TLSv1.2 or TLSv1.3
 * @param users user name → bcrypt hash; empty for no authentication
 */
public record WebConfig(
    Path tlsCert, Path tlsKey, String minTlsVersion, Map<String, String> users) {
  public WebConfig {
    users = Map.copyOf(users);
  }

  public boolean tls() {
    return tlsCert != null;
  }
}
