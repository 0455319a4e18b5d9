package io.mpmexporter.config;

import static io.mpmexporter.config.ConfigParser.Scope.AGENT;
import static io.mpmexporter.config.ConfigParser.Scope.BOTH;
import static io.mpmexporter.config.ConfigParser.Scope.EXPORTER;
import static io.mpmexporter.config.ConfigParser.Scope.EXPORTER_AND_RENDER;
import static io.mpmexporter.config.ConfigParser.Scope.RENDER;

import io.mpmexporter.log.Log;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads flags ({@code --name=value} or {@code --name value}) over environment variables ({@code
 * APACHE_MPM_EXPORTER_<NAME>}) over defaults, and validates every value; errors name the flag.
 */
public final class ConfigParser {
  /**
   * Prefix of the environment variable for each flag: --poll.interval is
   * APACHE_MPM_EXPORTER_POLL_INTERVAL.
   */
  public static final String ENV_PREFIX = "APACHE_MPM_EXPORTER_";

  private static final Pattern MPM_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  /** Which command reads a flag: the exporter, the switch agent, {@code render}, or two of them. */
  enum Scope {
    EXPORTER,
    AGENT,
    RENDER,
    BOTH,
    EXPORTER_AND_RENDER;

    boolean includes(Scope command) {
      return switch (this) {
        case BOTH -> command == EXPORTER || command == AGENT;
        case EXPORTER_AND_RENDER -> command == EXPORTER || command == RENDER;
        default -> this == command;
      };
    }
  }

  /** One flag: its name, default, whether it takes no value, its help line and its readers. */
  record Flag(String name, String defaultValue, boolean bool, String help, Scope scope) {}

  static final List<Flag> FLAGS =
      List.of(
          new Flag(
              "web.listen-address",
              ":9117",
              false,
              "Address to serve metrics on; repeat for several (e.g. 127.0.0.1:9117 and [::1]:9117).",
              EXPORTER),
          new Flag(
              "web.telemetry-path", "/metrics", false, "Path of the metrics endpoint.", EXPORTER),
          new Flag(
              "web.config.file",
              "",
              false,
              "Exporter-toolkit web config (TLS, basic auth) for the metrics listener (alias"
                  + " --web.config).",
              EXPORTER),
          new Flag(
              "apache.status-url",
              "http://localhost/server-status?auto",
              false,
              "URL of mod_status in ?auto form (alias --scrape_uri).",
              BOTH),
          new Flag(
              "apache.ctl",
              "apachectl",
              false,
              "apachectl command, split on spaces, run without a shell (e.g. apache2ctl); empty"
                  + " (--apache.ctl=) for none: no -V/-M polls, the running MPM from the status"
                  + " page only.",
              BOTH),
          new Flag(
              "apache.ca-file",
              "",
              false,
              "PEM certificates to trust for an https status URL instead of the system's.",
              BOTH),
          new Flag(
              "apache.client-cert-file",
              "",
              false,
              "PEM client certificate for a status page that requires one (mTLS).",
              BOTH),
          new Flag(
              "apache.client-key-file",
              "",
              false,
              "Unencrypted PKCS#8 PEM key of --apache.client-cert-file.",
              BOTH),
          new Flag(
              "apache.insecure",
              "false",
              true,
              "Do not verify the status page's certificate or name (logged as a warning).",
              BOTH),
          new Flag(
              "apache.host-override",
              "",
              false,
              "Host header for the status request (the URL's host is still dialled).",
              BOTH),
          new Flag(
              "apache.header",
              "",
              false,
              "Extra request header 'Name: value' for the status page; repeatable.",
              BOTH),
          new Flag(
              "apache.username",
              "",
              false,
              "Basic auth user for the status page (with --apache.password-file).",
              BOTH),
          new Flag(
              "apache.password-file",
              "",
              false,
              "File holding the Basic auth password (first line; never logged).",
              BOTH),
          new Flag(
              "apache.expected-mpm",
              "",
              false,
              "Comma-separated MPMs that may run (e.g. event); others set apache_mpm_unexpected 1.",
              EXPORTER_AND_RENDER),
          new Flag("apache.timeout", "5s", false, "Deadline for one status request.", BOTH),
          new Flag("apache.ctl-timeout", "10s", false, "Deadline for one apachectl run.", BOTH),
          new Flag(
              "apache.status-max-bytes", "1048576", false, "Largest status body accepted.", BOTH),
          new Flag("poll.interval", "5s", false, "How often to poll server-status.", EXPORTER),
          new Flag(
              "poll.ctl-interval", "60s", false, "How often to run apachectl -V and -M.", EXPORTER),
          new Flag(
              "compat.apache-exporter",
              "false",
              true,
              "Also emit the Go apache_exporter's metric names.",
              EXPORTER_AND_RENDER),
          new Flag(
              "advisor.enabled",
              "true",
              true,
              "Measure Apache's memory from /proc and export the MPM advice"
                  + " (apache_mpm_recommended, apache_memory_overcommit_ratio, ...).",
              EXPORTER),
          new Flag(
              "advisor.interval",
              "30s",
              false,
              "How often the advisor reads Apache's processes from /proc.",
              EXPORTER),
          new Flag(
              "advisor.pid-file",
              "",
              false,
              "Apache's pid file (default: as apachectl -t -D DUMP_RUN_CFG names it).",
              EXPORTER),
          new Flag(
              "advisor.mpm-config",
              "",
              false,
              "The running MPM's config file with MaxRequestWorkers (default:"
                  + " ServerRoot/mods-enabled/mpm_<mpm>.conf, else httpd's defaults).",
              EXPORTER),
          new Flag(
              "advisor.memory-budget",
              "",
              false,
              "Memory Apache may use, e.g. 2GiB (default: MemAvailable plus what Apache holds).",
              EXPORTER),
          new Flag("status-file", "", false, "A saved server-status?auto body.", RENDER),
          new Flag("ctl-file", "", false, "A saved apachectl -V output.", RENDER),
          new Flag("modules-file", "", false, "A saved apachectl -M output.", RENDER),
          new Flag(
              "admin.token-file",
              "",
              false,
              "File with the admin bearer token (mode 0600, >= 256 bits, e.g. 32 random bytes in base64); enables the admin API.",
              EXPORTER),
          new Flag(
              "admin.listen-address",
              "127.0.0.1:9118",
              false,
              "Address of the admin API; anything but loopback needs TLS.",
              EXPORTER),
          new Flag(
              "admin.audit-log",
              "",
              false,
              "Append one JSON line per admin request (exporter: per POST; agent: per switch"
                  + " request) to this file.",
              BOTH),
          new Flag(
              "admin.tls-cert-file",
              "",
              false,
              "PEM certificate chain for the admin API.",
              EXPORTER),
          new Flag(
              "admin.tls-key-file",
              "",
              false,
              "PEM PKCS#8 private key for the admin API.",
              EXPORTER),
          new Flag(
              "admin.max-failures",
              "5",
              false,
              "Failed authentications from one address that lock it out (429).",
              EXPORTER),
          new Flag("admin.lockout", "60s", false, "How long a lockout lasts.", EXPORTER),
          new Flag(
              "admin.switch-socket",
              "/run/apache-mpm-exporter/switch.sock",
              false,
              "Unix socket of the switch agent, which carries out an MPM switch as root.",
              BOTH),
          new Flag(
              "admin.switch-user",
              "apache-mpm-exporter",
              false,
              "The one user whose connections the agent serves (the exporter's user).",
              AGENT),
          new Flag(
              "admin.switch-idle-exit",
              "0s",
              false,
              "Exit after this long without a request when socket-activated (0s: never).",
              AGENT),
          new Flag(
              "admin.backend",
              "auto",
              false,
              "How to change the MPM on disk: debian (a2dismod/a2enmod), rhel (00-mpm.conf), auto.",
              AGENT),
          new Flag(
              "admin.rhel-mpm-conf",
              "/etc/httpd/conf.modules.d/00-mpm.conf",
              false,
              "The file with the LoadModule mpm_* lines (rhel backend).",
              AGENT),
          new Flag(
              "admin.switch-state-dir",
              "/var/lib/apache-mpm-switch",
              false,
              "Root's folder for the write-ahead record of the switch in progress (recovered at"
                  + " start when the agent died mid-switch).",
              AGENT),
          new Flag("admin.a2enmod", "a2enmod", false, "a2enmod command.", AGENT),
          new Flag("admin.a2dismod", "a2dismod", false, "a2dismod command.", AGENT),
          new Flag(
              "apache.service",
              "auto",
              false,
              "systemd unit of Apache, stopped and started with systemctl (auto: apache2.service"
                  + " or httpd.service when loaded; none: apachectl).",
              AGENT),
          new Flag(
              "apache.stop-cmd",
              "",
              false,
              "Full stop command for a switch (default: from --apache.service).",
              AGENT),
          new Flag(
              "apache.start-cmd",
              "",
              false,
              "Start command for a switch (default: from --apache.service).",
              AGENT),
          new Flag("log.level", "info", false, "debug, info, warn or error.", BOTH),
          new Flag("log.format", "logfmt", false, "logfmt or json.", BOTH));

  /** Flags that may be given several times; their values are kept joined by newlines. */
  static final java.util.Set<String> REPEATABLE =
      java.util.Set.of("apache.header", "web.listen-address");

  /** The Go apache_exporter's flag names, so its command lines and unit files work unchanged. */
  private static final Map<String, String> ALIASES =
      Map.of(
          "scrape_uri", "apache.status-url",
          "web.config", "web.config.file",
          "telemetry.address", "web.listen-address",
          "telemetry.endpoint", "web.telemetry-path",
          "host_override", "apache.host-override",
          "insecure", "apache.insecure");

  private ConfigParser() {}

  /** The environment variable that sets a flag. */
  public static String envName(String flag) {
    return ENV_PREFIX + flag.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Parses and validates; {@code args} must not contain --help (Main handles it). */
  public static Config parse(String[] args, Map<String, String> env) throws UsageException {
    return build(raw(EXPORTER, args, env));
  }

  /** Parses and validates the flags of {@code render} (args without the subcommand). */
  public static RenderConfig parseRender(String[] args) throws UsageException {
    Map<String, String> raw = raw(RENDER, args, Map.of());
    if (raw.get("status-file").isEmpty()) {
      throw new UsageException("--status-file is required");
    }
    return new RenderConfig(
        path(raw, "status-file"),
        path(raw, "ctl-file"),
        path(raw, "modules-file"),
        expectedMpms(raw),
        bool("--compat.apache-exporter", raw.get("compat.apache-exporter")));
  }

  /** --apache.expected-mpm as a list of distinct MPM names. */
  private static List<String> expectedMpms(Map<String, String> raw) throws UsageException {
    List<String> expected = new ArrayList<>();
    for (String m : raw.get("apache.expected-mpm").split(",")) {
      String name = m.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!MPM_NAME.matcher(name).matches()) {
        throw new UsageException(
            "--apache.expected-mpm: '"
                + name
                + "' is not an MPM name (e.g. event, worker, prefork)");
      }
      if (!expected.contains(name)) {
        expected.add(name);
      }
    }
    return expected;
  }

  /** Parses and validates the flags of {@code switch-agent} (args without the subcommand). */
  public static AgentConfig parseAgent(String[] args, Map<String, String> env)
      throws UsageException {
    return AgentFlags.build(raw(AGENT, args, env));
  }

  /** Every flag of {@code command} with its value: flag over environment over default. */
  static Map<String, String> raw(Scope command, String[] args, Map<String, String> env)
      throws UsageException {
    Map<String, String> raw = new LinkedHashMap<>();
    for (Flag f : FLAGS) {
      if (f.scope().includes(command)) {
        raw.put(f.name(), env.getOrDefault(envName(f.name()), f.defaultValue()));
      }
    }
    List<String> list = Arrays.asList(args);
    java.util.Set<String> given = new java.util.HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String arg = list.get(i);
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      name = ALIASES.getOrDefault(name, name);
      Flag flag = find(name);
      if (flag == null) {
        throw new UsageException("unknown flag --" + name);
      }
      if (!flag.scope().includes(command)) {
        throw new UsageException(
            "--"
                + name
                + switch (command) {
                  case EXPORTER ->
                      flag.scope() == RENDER
                          ? " is a flag of render (apache-mpm-exporter render --status-file F)"
                          : " is a flag of the switch agent (apache-mpm-exporter switch-agent"
                              + " --help), which runs the switch as root";
                  case AGENT -> " is a flag of the exporter, not of the switch agent";
                  default -> " is not a flag of render";
                });
      }
      if (value == null) {
        if (flag.bool()) {
          value = "true";
        } else if (i + 1 < list.size()) {
          value = list.get(++i);
        } else {
          throw new UsageException("--" + name + " needs a value");
        }
      }
      if (REPEATABLE.contains(name) && !given.add(name)) {
        raw.put(name, raw.get(name) + "\n" + value);
      } else {
        raw.put(name, value);
      }
    }
    return raw;
  }

  private static Config build(Map<String, String> raw) throws UsageException {
    List<ListenAddress> listen = new ArrayList<>();
    for (String text : raw.get("web.listen-address").split("\n", -1)) {
      ListenAddress a = ListenAddress.parse("--web.listen-address", text);
      if (listen.contains(a)) {
        throw new UsageException("--web.listen-address: " + text + " is given twice");
      }
      listen.add(a);
    }
    String path = raw.get("web.telemetry-path");
    if (!path.startsWith("/") || path.equals("/") || path.startsWith("/-/") || path.contains("?")) {
      throw new UsageException(
          "--web.telemetry-path: '"
              + path
              + "' must start with / and not be /, /-/... or contain ?");
    }
    URI status = statusUrl(raw.get("apache.status-url"));
    List<String> ctl = command("--apache.ctl", raw.get("apache.ctl"));
    List<String> expected = expectedMpms(raw);
    return new Config(
        listen,
        path(raw, "web.config.file"),
        path,
        status,
        ctl,
        expected,
        Durations.parse("--apache.timeout", raw.get("apache.timeout")),
        Durations.parse("--apache.ctl-timeout", raw.get("apache.ctl-timeout")),
        statusMaxBytes(raw),
        Durations.parse("--poll.interval", raw.get("poll.interval")),
        Durations.parse("--poll.ctl-interval", raw.get("poll.ctl-interval")),
        bool("--compat.apache-exporter", raw.get("compat.apache-exporter")),
        level(raw.get("log.level")),
        format(raw.get("log.format")),
        AdminFlags.build(raw),
        StatusAccessFlags.build(raw, status),
        AdvisorFlags.build(raw));
  }

  /** --apache.ctl as an argument list; never empty. */
  static List<String> ctl(Map<String, String> raw) throws UsageException {
    List<String> ctl = command("--apache.ctl", raw.get("apache.ctl"));
    if (ctl.isEmpty()) {
      throw new UsageException("--apache.ctl: empty command");
    }
    return ctl;
  }

  static int statusMaxBytes(Map<String, String> raw) throws UsageException {
    int maxBytes;
    try {
      maxBytes = Integer.parseInt(raw.get("apache.status-max-bytes"));
    } catch (NumberFormatException e) {
      maxBytes = -1;
    }
    if (maxBytes < 1024) {
      throw new UsageException(
          "--apache.status-max-bytes: '"
              + raw.get("apache.status-max-bytes")
              + "' must be a number >= 1024");
    }
    return maxBytes;
  }

  /** A file flag's value as a path; null when empty. */
  static java.nio.file.Path path(Map<String, String> raw, String flag) throws UsageException {
    String text = raw.get(flag);
    if (text.isEmpty()) {
      return null;
    }
    try {
      return java.nio.file.Path.of(text);
    } catch (java.nio.file.InvalidPathException e) {
      // Found by fuzzing: a NUL byte in a path flag.
      throw new UsageException("--" + flag + ": not a usable path: " + e.getReason());
    }
  }

  /** Splits a command on spaces; empty text gives an empty list. */
  static List<String> command(String flag, String text) throws UsageException {
    String t = text.trim();
    if (t.isEmpty()) {
      return List.of();
    }
    for (char c : t.toCharArray()) {
      if (c == '\'' || c == '"' || c == '\\') {
        throw new UsageException(
            flag + ": quotes and backslashes are not supported (the command runs without a shell)");
      }
    }
    return List.of(t.split("\\s+"));
  }

  /** An http(s) URL with a host and no credentials, as --apache.status-url takes it. */
  public static URI statusUrl(String text) throws UsageException {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new UsageException(
          "--apache.status-url: '" + text + "' is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new UsageException(
          "--apache.status-url: '"
              + text
              + "' must be an http(s) URL with a host, e.g."
              + " http://127.0.0.1/server-status?auto");
    }
    if (uri.getRawUserInfo() != null) {
      // It would end up in logs and on the landing page, and is not sent anyway.
      throw new UsageException("--apache.status-url: credentials in the URL are not supported");
    }
    return uri;
  }

  static boolean bool(String flag, String v) throws UsageException {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no", "" -> false;
      default -> throw new UsageException(flag + ": '" + v + "' is not true or false");
    };
  }

  static Log.Level level(String v) throws UsageException {
    try {
      return Log.Level.valueOf(v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--log.level: '" + v + "' is not debug, info, warn or error");
    }
  }

  static String format(String v) throws UsageException {
    if (!v.equals("logfmt") && !v.equals("json")) {
      throw new UsageException("--log.format: '" + v + "' is not logfmt or json");
    }
    return v;
  }

  private static Flag find(String name) {
    for (Flag f : FLAGS) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  private static void usageLine(StringBuilder b, String left, String help) {
    b.append("  ")
        .append(left)
        .append(" ".repeat(Math.max(1, 58 - left.length())))
        .append(help)
        .append('\n');
  }

  /** The --help text. */
  public static String usage() {
    StringBuilder b = new StringBuilder();
    b.append("usage: apache-mpm-exporter [flags]\n");
    b.append("       apache-mpm-exporter render --status-file F [--ctl-file V] [--modules-file M]")
        .append(" [--apache.expected-mpm X] [--compat.apache-exporter]\n");
    b.append(
        "       apache-mpm-exporter advise [flags]   (the MPM advice for a person; advise --help)\n");
    b.append("       apache-mpm-exporter switch-agent [flags]   (as root; switch-agent --help)\n");
    b.append("\nflags:\n");
    return flags(b, EXPORTER);
  }

  /** The --help text of {@code advise}. */
  public static String adviseUsage() {
    StringBuilder b = new StringBuilder();
    b.append("usage: apache-mpm-exporter advise [the exporter's flags]\n\n");
    b.append(
        "One look at the live server: Apache's memory per worker, MaxRequestWorkers against\n");
    b.append(
        "the memory budget, the recommended MPM and why. Exit status 0 ok, 1 warning (another\n");
    b.append(
        "MPM recommended), 2 critical (the workers would not fit in memory; also a bad flag),\n");
    b.append("3 unknown (Apache could not be read). It reads the flags below; --web.* and\n");
    b.append("--admin.* are accepted and ignored.\n\nflags:\n");
    return flags(b, EXPORTER);
  }

  /** The --help text of {@code switch-agent}. */
  public static String agentUsage() {
    StringBuilder b = new StringBuilder();
    b.append("usage: apache-mpm-exporter switch-agent [flags]\n\n");
    b.append(
        "The privileged half of the admin API: runs as root, serves the exporter's user on a\n");
    b.append(
        "Unix socket, and carries out an MPM switch (config, configtest, stop, start, verify,\n");
    b.append("rollback). It takes no path, command or module name from its caller.\n\nflags:\n");
    return flags(b, AGENT);
  }

  private static String flags(StringBuilder b, Scope command) {
    for (Flag f : FLAGS) {
      if (!f.scope().includes(command)) {
        continue;
      }
      String value = f.defaultValue().isEmpty() ? "\"\"" : f.defaultValue();
      usageLine(
          b,
          "--" + f.name() + (f.bool() ? "" : "=" + value),
          f.help() + " [$" + envName(f.name()) + "]");
    }
    usageLine(b, "--help", "Show this help.");
    usageLine(b, "--version", "Show the version.");
    return b.toString();
  }
}
