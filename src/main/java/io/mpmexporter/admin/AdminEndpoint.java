package io.mpmexporter.admin;

import io.mpmexporter.apache.ApacheCtl;
import io.mpmexporter.config.AdminConfig;
import io.mpmexporter.config.UsageException;
import io.mpmexporter.metrics.AdminMetrics;
import io.mpmexporter.mpm.ApacheProcess;
import io.mpmexporter.mpm.ConfigBackend;
import io.mpmexporter.mpm.DebianModules;
import io.mpmexporter.mpm.MpmSwitcher;
import io.mpmexporter.mpm.RhelMpmConf;
import io.mpmexporter.poll.Poller;
import io.mpmexporter.web.PemTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** Builds the admin endpoint from its configuration; every problem is found before it listens. */
public final class AdminEndpoint {
  /** How long the parent may take to exit after stop or to appear after start. */
  static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

  /** How long a started Apache may take to answer with the target MPM. */
  static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(15);

  private AdminEndpoint() {}

  /**
   * @throws UsageException for a bad token file, certificate, audit log or backend (exit 2)
   * @throws IOException when the address cannot be bound
   */
  public static AdminServer start(
      AdminConfig config,
      ApacheCtl ctl,
      MpmSwitcher.StatusSource status,
      Poller poller,
      AdminMetrics metrics,
      Map<String, String> env)
      throws UsageException, IOException {
    AdminToken token = AdminToken.read(config.tokenFile());
    AuditLog audit = new AuditLog(config.auditLog());
    try {
      audit.check();
    } catch (IOException e) {
      throw new UsageException(
          "--admin.audit-log: cannot append to " + config.auditLog() + ": " + e);
    }
    SSLContext tls = null;
    if (config.tlsCert() != null) {
      try {
        tls = PemTls.serverContext(config.tlsCert(), config.tlsKey());
      } catch (IOException e) {
        throw new UsageException("--admin.tls-cert-file/--admin.tls-key-file: " + e.getMessage());
      }
    }
    ApacheProcess process =
        new ApacheProcess(ctl, config.stopCommand(), config.startCommand(), EXIT_TIMEOUT);
    MpmSwitcher switcher =
        new MpmSwitcher(
            ctl, process, backend(config, ctl, env), status, VERIFY_TIMEOUT, () -> refresh(poller));
    AdminGuard guard =
        new AdminGuard(token, config.maxFailures(), config.lockout(), System::nanoTime);
    AdminHandler handler = new AdminHandler(guard, switcher, poller::snapshot, audit, metrics);
    return new AdminServer(config.listenAddress().toSocketAddress(), tls, handler);
  }

  /**
   * auto: Debian when the confdir (APACHE_CONFDIR, else /etc/apache2) has
   * mods-available/mpm_*.load, rhel when the 00-mpm.conf file exists.
   */
  static ConfigBackend backend(AdminConfig config, ApacheCtl ctl, Map<String, String> env)
      throws UsageException {
    Path confdir = Path.of(env.getOrDefault("APACHE_CONFDIR", "/etc/apache2"));
    boolean debian = Files.exists(confdir.resolve("mods-available/mpm_event.load"));
    boolean rhel = Files.exists(config.rhelMpmConf());
    String choice = config.backend();
    if (choice.equals("auto")) {
      if (!debian && !rhel) {
        throw new UsageException(
            "--admin.backend: found neither "
                + confdir.resolve("mods-available")
                + " (Debian) nor "
                + config.rhelMpmConf()
                + " (RHEL); set --admin.backend and --admin.rhel-mpm-conf");
      }
      choice = debian ? "debian" : "rhel";
    }
    if (choice.equals("debian")) {
      return new DebianModules(
          confdir.resolve("mods-enabled"), config.a2enmod(), config.a2dismod(), ctl);
    }
    if (!rhel) {
      throw new UsageException(
          "--admin.rhel-mpm-conf: " + config.rhelMpmConf() + " does not exist");
    }
    return new RhelMpmConf(config.rhelMpmConf());
  }

  private static void refresh(Poller poller) {
    try {
      poller.refreshNow(Duration.ofSeconds(20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
