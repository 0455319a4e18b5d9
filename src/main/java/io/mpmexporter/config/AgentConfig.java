package io.mpmexporter.config;

import static io.mpmexporter.config.Flag.Command.AGENT;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The switch agent's whole configuration: how to reach Apache ({@link ApacheAccess}, shared with
 * the exporter), how to drive it, and whom to serve. Its own flags are declared here.
 *
 * @param service auto, none, or a systemd unit name (e.g. apache2.service)
 * @param stopCommand empty: chosen from {@code service} at start
 * @param startCommand empty: chosen from {@code service} at start
 * @param backend auto, debian or rhel
 * @param auditLog null: the audit lines go to the log only
 * @param stateDir root's folder for the write-ahead record of a switch
 * @param idleExit zero: never exit for want of requests
 */
public record AgentConfig(
    ApacheAccess apache,
    String service,
    List<String> stopCommand,
    List<String> startCommand,
    String backend,
    Path rhelMpmConf,
    List<String> a2enmod,
    List<String> a2dismod,
    Path auditLog,
    Path stateDir,
    Path socket,
    String user,
    Duration idleExit,
    LogConfig log) {

  public static final Flag<String> SWITCH_USER =
      Flag.of(
          "admin.switch-user",
          // A POSIX user name as useradd accepts it.
          FlagTypes.matching(Pattern.compile("[a-z_][a-z0-9_-]{0,31}"), "a user name"),
          "apache-mpm-exporter",
          "The one user whose connections the agent serves (the exporter's user).",
          AGENT);
  public static final Flag<Duration> IDLE_EXIT =
      Flag.of(
          "admin.switch-idle-exit",
          FlagTypes.DURATION_OR_ZERO,
          "0s",
          "Exit after this long without a request when socket-activated (0s: never).",
          AGENT);
  public static final Flag<String> BACKEND =
      Flag.of(
          "admin.backend",
          FlagTypes.oneOf("auto", "debian", "rhel"),
          "auto",
          "How to change the MPM on disk: debian (a2dismod/a2enmod), rhel (00-mpm.conf), auto.",
          AGENT);
  public static final Flag<Path> RHEL_MPM_CONF =
      Flag.of(
          "admin.rhel-mpm-conf",
          FlagTypes.PATH,
          "/etc/httpd/conf.modules.d/00-mpm.conf",
          "The file with the LoadModule mpm_* lines (rhel backend).",
          AGENT);
  public static final Flag<Path> STATE_DIR =
      Flag.of(
          "admin.switch-state-dir",
          (flag, text) -> {
            if (text.isEmpty()) {
              throw new UsageException(
                  flag + " must not be empty: a switch is recorded there before it runs");
            }
            return FlagTypes.PATH.parse(flag, text);
          },
          "/var/lib/apache-mpm-switch",
          "Root's folder for the write-ahead record of the switch in progress (recovered at"
              + " start when the agent died mid-switch).",
          AGENT);
  public static final Flag<List<String>> A2ENMOD =
      Flag.of("admin.a2enmod", FlagTypes.REQUIRED_COMMAND, "a2enmod", "a2enmod command.", AGENT);
  public static final Flag<List<String>> A2DISMOD =
      Flag.of("admin.a2dismod", FlagTypes.REQUIRED_COMMAND, "a2dismod", "a2dismod command.", AGENT);
  public static final Flag<String> SERVICE =
      Flag.of(
          "apache.service",
          // A systemd unit name: letters, digits and :-_.@\ as systemd allows, ending in .service.
          FlagTypes.matching(
              Pattern.compile("auto|none|[A-Za-z0-9:_.@\\\\-]{1,248}\\.service"),
              "auto, none or a unit such as apache2.service"),
          "auto",
          "systemd unit of Apache, stopped and started with systemctl (auto: apache2.service"
              + " or httpd.service when loaded; none: apachectl).",
          AGENT);
  public static final Flag<List<String>> STOP_CMD =
      Flag.of(
          "apache.stop-cmd",
          FlagTypes.COMMAND,
          "",
          "Full stop command for a switch (default: from --apache.service).",
          AGENT);
  public static final Flag<List<String>> START_CMD =
      Flag.of(
          "apache.start-cmd",
          FlagTypes.COMMAND,
          "",
          "Start command for a switch (default: from --apache.service).",
          AGENT);

  static final List<Flag<?>> FLAGS =
      List.of(
          SWITCH_USER,
          IDLE_EXIT,
          BACKEND,
          RHEL_MPM_CONF,
          STATE_DIR,
          A2ENMOD,
          A2DISMOD,
          SERVICE,
          STOP_CMD,
          START_CMD);

  public AgentConfig {
    stopCommand = List.copyOf(stopCommand);
    startCommand = List.copyOf(startCommand);
    a2enmod = List.copyOf(a2enmod);
    a2dismod = List.copyOf(a2dismod);
  }

  static AgentConfig from(FlagValues v) throws UsageException {
    ApacheAccess apache = ApacheAccess.from(v);
    if (apache.ctlCommand().isEmpty()) {
      throw new UsageException("--apache.ctl: empty command (the agent needs apachectl)");
    }
    return new AgentConfig(
        apache,
        v.get(SERVICE),
        v.get(STOP_CMD),
        v.get(START_CMD),
        v.get(BACKEND),
        v.get(RHEL_MPM_CONF),
        v.get(A2ENMOD),
        v.get(A2DISMOD),
        v.get(AdminConfig.AUDIT_LOG),
        v.get(STATE_DIR),
        v.get(AdminConfig.SWITCH_SOCKET),
        v.get(SWITCH_USER),
        v.get(IDLE_EXIT),
        LogConfig.from(v));
  }
}
