package io.mpmexporter.config;

import static io.mpmexporter.config.Flag.Command.EXPORTER;
import static io.mpmexporter.config.Flag.Command.RENDER;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The exporter's whole configuration, validated, values only: its own flags (declared here) and the
 * groups it shares with the agent ({@link ApacheAccess}, {@link LogConfig}). {@code admin} is null
 * when the admin API is off, {@code webConfigFile} when the metrics listener is plain HTTP, {@code
 * probe} when {@code /probe} is off.
 */
public record Config(
    List<ListenAddress> listenAddresses,
    Path webConfigFile,
    String telemetryPath,
    List<String> expectedMpms,
    Duration pollInterval,
    Duration ctlInterval,
    boolean compat,
    LogConfig log,
    ApacheAccess apache,
    AdminConfig admin,
    AdvisorConfig advisor,
    ProbeConfig probe) {

  private static final Pattern MPM_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  public static final Flag<List<ListenAddress>> LISTEN_ADDRESS =
      Flag.of(
              "web.listen-address",
              FlagTypes.LISTEN_ADDRESSES,
              ":9117",
              "Address to serve metrics on; repeat for several (e.g. 127.0.0.1:9117 and"
                  + " [::1]:9117).",
              EXPORTER)
          .repeatable();
  public static final Flag<String> TELEMETRY_PATH =
      Flag.of(
          "web.telemetry-path",
          Config::parseTelemetryPath,
          "/metrics",
          "Path of the metrics endpoint.",
          EXPORTER);
  public static final Flag<Path> WEB_CONFIG_FILE =
      Flag.of(
          "web.config.file",
          FlagTypes.PATH,
          "",
          "Exporter-toolkit web config (TLS, basic auth) for the metrics listener (alias"
              + " --web.config).",
          EXPORTER);

  /** The Go exporter's flag, accepted so its command lines parse; only its default works here. */
  public static final Flag<Boolean> SYSTEMD_SOCKET =
      Flag.toggle(
          "web.systemd-socket",
          false,
          "Accepted for the Go apache_exporter's command lines; systemd socket activation is not"
              + " supported (set, it is a usage error): the exporter binds --web.listen-address.",
          EXPORTER);

  public static final Flag<List<String>> EXPECTED_MPM =
      Flag.of(
          "apache.expected-mpm",
          Config::parseExpectedMpms,
          "",
          "Comma-separated MPMs that may run (e.g. event); others set apache_mpm_unexpected 1.",
          EXPORTER,
          RENDER);
  public static final Flag<Duration> POLL_INTERVAL =
      Flag.of(
          "poll.interval", FlagTypes.DURATION, "5s", "How often to poll server-status.", EXPORTER);
  public static final Flag<Duration> CTL_INTERVAL =
      Flag.of(
          "poll.ctl-interval",
          FlagTypes.DURATION,
          "60s",
          "How often to run apachectl -V and -M.",
          EXPORTER);
  public static final Flag<Boolean> COMPAT =
      Flag.toggle(
          "compat.apache-exporter",
          false,
          "Also emit the Go apache_exporter's metric names.",
          EXPORTER,
          RENDER);

  static final List<Flag<?>> FLAGS =
      List.of(LISTEN_ADDRESS, TELEMETRY_PATH, WEB_CONFIG_FILE, SYSTEMD_SOCKET, EXPECTED_MPM);

  /** The poll and compat flags, listed after the Apache access flags in {@code --help}. */
  static final List<Flag<?>> POLL_FLAGS = List.of(POLL_INTERVAL, CTL_INTERVAL, COMPAT);

  public Config {
    listenAddresses = List.copyOf(listenAddresses);
    expectedMpms = List.copyOf(expectedMpms);
  }

  static Config from(FlagValues v) throws UsageException {
    if (v.get(SYSTEMD_SOCKET)) {
      throw new UsageException(
          "--web.systemd-socket: socket activation is not supported; give the socket unit's"
              + " address to --web.listen-address and disable the .socket unit");
    }
    ProbeConfig probe = ProbeConfig.from(v);
    AdminConfig admin = AdminConfig.from(v);
    if (probe != null && probe.only() && admin != null) {
      throw new UsageException(
          "--probe.only: the admin API switches the exporter's own Apache; there is none to switch");
    }
    return new Config(
        v.get(LISTEN_ADDRESS),
        v.get(WEB_CONFIG_FILE),
        v.get(TELEMETRY_PATH),
        v.get(EXPECTED_MPM),
        v.get(POLL_INTERVAL),
        v.get(CTL_INTERVAL),
        v.get(COMPAT),
        LogConfig.from(v),
        ApacheAccess.from(v),
        admin,
        AdvisorConfig.from(v),
        probe);
  }

  /** The first metrics listener address (there is always one). */
  public ListenAddress listenAddress() {
    return listenAddresses.get(0);
  }

  /** True with {@code --probe.only}: no Apache of its own is polled. */
  public boolean probeOnly() {
    return probe != null && probe.only();
  }

  /** False with {@code --apache.ctl=}: no {@code -V}/{@code -M} polls. */
  public boolean ctlEnabled() {
    return !apache.ctlCommand().isEmpty();
  }

  private static String parseTelemetryPath(String flag, String path) throws UsageException {
    if (!path.startsWith("/")
        || path.equals("/")
        || path.equals("/probe")
        || path.startsWith("/-/")
        || path.contains("?")) {
      throw new UsageException(
          flag + ": '" + path + "' must start with / and not be /, /probe, /-/... or contain ?");
    }
    return path;
  }

  /** Comma-separated MPM names, each once. */
  private static List<String> parseExpectedMpms(String flag, String text) throws UsageException {
    List<String> expected = new ArrayList<>();
    for (String m : text.split(",")) {
      String name = m.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!MPM_NAME.matcher(name).matches()) {
        throw new UsageException(
            flag + ": '" + name + "' is not an MPM name (e.g. event, worker, prefork)");
      }
      if (!expected.contains(name)) {
        expected.add(name);
      }
    }
    return expected;
  }
}
