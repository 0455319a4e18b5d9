package io.mpmexporter.admin;

import io.mpmexporter.agent.AgentClient;
import io.mpmexporter.config.AdminConfig;
import io.mpmexporter.config.UsageException;
import io.mpmexporter.metrics.AdminMetrics;
import io.mpmexporter.poll.Poller;
import io.mpmexporter.web.PemTls;
import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Builds the admin endpoint from its configuration; every problem is found before it listens. The
 * endpoint authenticates and validates; the switch itself is forwarded to the switch agent.
 */
public final class AdminEndpoint {
  private AdminEndpoint() {}

  /**
   * @throws UsageException for a bad token file, certificate or audit log (exit 2)
   * @throws IOException when the address cannot be bound
   */
  public static AdminServer start(AdminConfig config, Poller poller, AdminMetrics metrics)
      throws UsageException, IOException {
    AdminToken token = AdminToken.read(config.tokenFile());
    AuditLog audit = AuditLog.open(config.auditLog());
    SSLContext tls = null;
    if (config.tlsCert() != null) {
      try {
        tls = PemTls.serverContext(config.tlsCert(), config.tlsKey());
      } catch (IOException e) {
        throw new UsageException("--admin.tls-cert-file/--admin.tls-key-file: " + e.getMessage());
      }
    }
    AdminGuard guard =
        new AdminGuard(token, config.maxFailures(), config.lockout(), System::nanoTime);
    AdminHandler handler =
        new AdminHandler(
            guard,
            new AgentClient(config.switchSocket()),
            poller::snapshot,
            audit,
            metrics,
            () -> refresh(poller));
    return new AdminServer(config.listenAddress().toSocketAddress(), tls, handler);
  }

  private static void refresh(Poller poller) {
    try {
      poller.refreshNow(Duration.ofSeconds(20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
