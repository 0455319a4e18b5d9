package io.mpmexporter.app;

import io.mpmexporter.apache.StatusAccess;
import io.mpmexporter.config.ApacheAccess;
import io.mpmexporter.config.UsageException;
import io.mpmexporter.http.PasswordFile;
import io.mpmexporter.http.PemTls;
import io.mpmexporter.log.Log;
import java.io.IOException;
import javax.net.ssl.SSLContext;

/**
 * Loads what {@link ApacheAccess} names into the status client's {@link StatusAccess}: the TLS
 * context from the PEM files and the Basic credentials from the password file, once, at start. A
 * file that cannot be used is a usage error naming its flag (exit 2), like a bad flag.
 */
final class StatusAccessLoader {
  private StatusAccessLoader() {}

  static StatusAccess load(ApacheAccess a) throws UsageException {
    SSLContext tls = null;
    if (a.customTls()) {
      try {
        tls = PemTls.clientContext(a.caFile(), a.clientCertFile(), a.clientKeyFile(), a.insecure());
      } catch (IOException e) {
        throw new UsageException("status page TLS: " + e.getMessage());
      }
    }
    String authorization =
        a.username() == null
            ? null
            : StatusAccess.basic(
                a.username(),
                a.urlPassword() != null
                    ? a.urlPassword()
                    : PasswordFile.read(a.passwordFile(), "--apache.password-file"));
    return new StatusAccess(tls, a.insecure(), a.hostOverride(), a.headers(), authorization);
  }

  /** Logs, at start, what weakens the access to the status page. */
  static void warn(ApacheAccess a) {
    if (a.insecure()) {
      Log.warn(
          "--apache.insecure: the status page's certificate and name are NOT verified; anyone on"
              + " the path could serve made-up figures");
    }
    if (a.urlPassword() != null) {
      Log.warn(
          "--apache.status-url carries a password: anyone who can read this process's command"
              + " line or its unit file sees it; use --apache.username and --apache.password-file"
              + " (the password is never logged)");
    }
  }
}
