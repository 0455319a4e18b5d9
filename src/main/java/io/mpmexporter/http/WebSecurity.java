package io.mpmexporter.http;

import io.mpmexporter.config.UsageException;
import java.io.IOException;
import javax.net.ssl.SSLContext;

/**
 * What the metrics listener enforces: TLS (null: plain HTTP) and basic auth (null: none).
 *
 * @param minTlsVersion TLSv1.2 or TLSv1.3
 */
public record WebSecurity(SSLContext tls, String minTlsVersion, BasicAuth auth) {

  public static WebSecurity none() {
    return new WebSecurity(null, "TLSv1.2", null);
  }

  /** Loads the certificate and key a web config names; a bad file is a usage error (exit 2). */
  public static WebSecurity from(WebConfig config) throws UsageException {
    SSLContext tls = null;
    if (config.tls()) {
      try {
        tls = PemTls.serverContext(config.tlsCert(), config.tlsKey());
      } catch (IOException e) {
        throw new UsageException("--web.config.file: " + e.getMessage());
      }
    }
    BasicAuth auth = config.users().isEmpty() ? null : new BasicAuth(config.users());
    return new WebSecurity(tls, config.minTlsVersion(), auth);
  }
}
