package io.mpmexporter.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Validates the flags of {@code switch-agent}. */
final class AgentFlags {
  /** A systemd unit name: letters, digits and :-_.@\ as systemd allows, ending in .service. */
  private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9:_.@\\\\-]{1,248}\\.service");

  /** A POSIX user name as useradd accepts it. */
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

  private AgentFlags() {}

  static AgentConfig build(Map<String, String> raw) throws UsageException {
    String backend = raw.get("admin.backend");
    if (!List.of("auto", "debian", "rhel").contains(backend)) {
      throw new UsageException("--admin.backend: '" + backend + "' is not auto, debian or rhel");
    }
    String service = raw.get("apache.service");
    if (!service.equals("auto") && !service.equals("none") && !UNIT.matcher(service).matches()) {
      throw new UsageException(
          "--apache.service: '"
              + service
              + "' is not auto, none or a unit such as apache2.service");
    }
    List<String> a2enmod = ConfigParser.command("--admin.a2enmod", raw.get("admin.a2enmod"));
    List<String> a2dismod = ConfigParser.command("--admin.a2dismod", raw.get("admin.a2dismod"));
    if (a2enmod.isEmpty() || a2dismod.isEmpty()) {
      throw new UsageException("--admin.a2enmod and --admin.a2dismod must not be empty");
    }
    String user = raw.get("admin.switch-user");
    if (!USER.matcher(user).matches()) {
      throw new UsageException("--admin.switch-user: '" + user + "' is not a user name");
    }
    Duration idle =
        Durations.parseOrZero("--admin.switch-idle-exit", raw.get("admin.switch-idle-exit"));
    java.net.URI status = ConfigParser.statusUrl(raw.get("apache.status-url"));
    if (raw.get("admin.switch-state-dir").isEmpty()) {
      throw new UsageException(
          "--admin.switch-state-dir must not be empty: a switch is recorded there before it runs");
    }
    return new AgentConfig(
        status,
        ConfigParser.ctl(raw),
        Durations.parse("--apache.timeout", raw.get("apache.timeout")),
        Durations.parse("--apache.ctl-timeout", raw.get("apache.ctl-timeout")),
        ConfigParser.statusMaxBytes(raw),
        service,
        ConfigParser.command("--apache.stop-cmd", raw.get("apache.stop-cmd")),
        ConfigParser.command("--apache.start-cmd", raw.get("apache.start-cmd")),
        backend,
        ConfigParser.path(raw, "admin.rhel-mpm-conf"),
        a2enmod,
        a2dismod,
        ConfigParser.path(raw, "admin.audit-log"),
        ConfigParser.path(raw, "admin.switch-state-dir"),
        AdminFlags.socket(raw),
        user,
        idle,
        ConfigParser.level(raw.get("log.level")),
        ConfigParser.format(raw.get("log.format")),
        StatusAccessFlags.build(raw, status));
  }
}
