package io.mpmexporter.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code --name=value}, {@code --name value} and {@code --switch} arguments over environment
 * variables over the declared defaults, for one command; refuses unknown flags and flags of another
 * command with a message that says where they belong.
 */
final class FlagReader {
  /** The Go apache_exporter's flag names, so its command lines and unit files work unchanged. */
  private static final Map<String, String> ALIASES =
      Map.of(
          "scrape_uri", "apache.status-url",
          "web.config", "web.config.file",
          "telemetry.address", "web.listen-address",
          "telemetry.endpoint", "web.telemetry-path",
          "host_override", "apache.host-override",
          "insecure", "apache.insecure");

  /**
   * The Go exporter's {@code --custom_headers Name=value} (a kingpin string map), read as {@code
   * --apache.header "Name: value"}.
   */
  private static final String CUSTOM_HEADERS = "custom_headers";

  private FlagReader() {}

  static FlagValues read(Flag.Command command, String[] args, Map<String, String> env)
      throws UsageException {
    Map<Flag<?>, String> texts = new HashMap<>();
    for (Flag<?> f : ConfigParser.FLAGS) {
      if (f.readBy(command)) {
        texts.put(f, env.getOrDefault(f.env(), f.defaultText()));
      }
    }
    Set<Flag<?>> given = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
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
      boolean customHeader = name.equals(CUSTOM_HEADERS);
      name = customHeader ? ApacheAccess.HEADER.name() : ALIASES.getOrDefault(name, name);
      Flag<?> flag = find(name);
      if (flag == null && name.startsWith("no-") && value == null) {
        // kingpin's negation, as the Go exporter's unit files may write it: --no-insecure.
        String positive = name.substring(3);
        Flag<?> toggle = find(ALIASES.getOrDefault(positive, positive));
        if (toggle != null && toggle.toggle()) {
          flag = toggle;
          name = toggle.name();
          value = "false";
        }
      }
      if (flag == null) {
        throw new UsageException("unknown flag --" + name);
      }
      if (!flag.readBy(command)) {
        throw new UsageException("--" + name + elsewhere(command, flag));
      }
      if (value == null) {
        if (flag.toggle()) {
          value = "true";
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new UsageException("--" + name + " needs a value");
        }
      }
      if (customHeader) {
        value = nameEqualsValue(value);
      }
      if (flag.repeats() && !given.add(flag)) {
        texts.put(flag, texts.get(flag) + "\n" + value);
      } else {
        given.add(flag);
        texts.put(flag, value);
      }
    }
    return new FlagValues(command, texts);
  }

  /** {@code Name=value} as {@code Name: value}. */
  private static String nameEqualsValue(String text) throws UsageException {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new UsageException("--custom_headers: '" + text + "' is not Name=value");
    }
    return text.substring(0, eq) + ": " + text.substring(eq + 1);
  }

  /** Where a flag that {@code command} does not read belongs. */
  private static String elsewhere(Flag.Command command, Flag<?> flag) {
    return switch (command) {
      case EXPORTER ->
          flag.readBy(Flag.Command.RENDER)
              ? " is a flag of render (apache-mpm-exporter render --status-file F)"
              : " is a flag of the switch agent (apache-mpm-exporter switch-agent --help), which"
                  + " runs the switch as root";
      case AGENT -> " is a flag of the exporter, not of the switch agent";
      case RENDER -> " is not a flag of render";
      case RULES -> " is not a flag of rules (rules --help)";
    };
  }

  private static Flag<?> find(String name) {
    for (Flag<?> f : ConfigParser.FLAGS) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  static List<Flag<?>> of(Flag.Command command) {
    return ConfigParser.FLAGS.stream().filter(f -> f.readBy(command)).toList();
  }
}
