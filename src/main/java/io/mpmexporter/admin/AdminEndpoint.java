package io.mpmexporter.admin;

import io.mpmexporter.base.DaemonThreads;
import io.mpmexporter.config.AdminConfig;
import io.mpmexporter.config.UsageException;
import io.mpmexporter.http.PemTls;
import io.mpmexporter.log.Log;
import io.mpmexporter.mpm.MemoryFigures;
import io.mpmexporter.poll.Poller;
import io.mpmexporter.switchapi.AgentClient;
import io.mpmexporter.switchapi.AuditLog;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
  public static AdminServer start(
      AdminConfig config, Poller poller, AdminMetrics metrics, Supplier<MemoryFigures> memory)
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
    AgentClient agent = new AgentClient(config.switchSocket());
    HandoverWatch watch = new HandoverWatch(agent, poller::snapshot, metrics, System::nanoTime);
    MpmAdmin service =
        new MpmAdmin(
            agent, poller::snapshot, metrics, () -> refresh(poller), watch::record, memory);
    AdminHandler handler = new AdminHandler(guard, service, audit, metrics);
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("handover-watch"));
    timer.scheduleWithFixedDelay(() -> check(watch), 0, 2, TimeUnit.SECONDS);
    return new AdminServer(config.listenAddress().toSocketAddress(), tls, handler, timer);
  }

  private static void check(HandoverWatch watch) {
    try {
      watch.check();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      Log.warn("hand-over readiness check failed", "err", e.toString());
    }
  }

  private static void refresh(Poller poller) {
    try {
      poller.refreshNow(Duration.ofSeconds(20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
