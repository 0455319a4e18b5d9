package io.mpmexporter.config;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validates the {@code --advisor.*} flags. */
final class AdvisorFlags {
  private static final Pattern SIZE =
      Pattern.compile("([0-9]{1,15})\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?");

  private AdvisorFlags() {}

  static AdvisorConfig build(Map<String, String> raw) throws UsageException {
    return new AdvisorConfig(
        ConfigParser.bool("--advisor.enabled", raw.get("advisor.enabled")),
        ConfigParser.path(raw, "advisor.pid-file"),
        ConfigParser.path(raw, "advisor.mpm-config"),
        size("--advisor.memory-budget", raw.get("advisor.memory-budget")),
        Durations.parse("--advisor.interval", raw.get("advisor.interval")));
  }

  /**
   * A size such as {@code 2GiB}, {@code 512M} or {@code 1073741824}; K, M, G and T are powers of
   * 1024 (as free and ps count), with or without "iB". Empty: 0.
   */
  static long size(String flag, String text) throws UsageException {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return 0;
    }
    Matcher m = SIZE.matcher(t);
    if (!m.matches()) {
      throw new UsageException(flag + ": '" + text + "' is not a size such as 2GiB or 512MiB");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    int shift =
        switch (unit.charAt(0)) {
          case 'k' -> 10;
          case 'm' -> 20;
          case 'g' -> 30;
          case 't' -> 40;
          default -> 0;
        };
    if (n == 0 || n > (Long.MAX_VALUE >> shift)) {
      throw new UsageException(flag + ": '" + text + "' must be above 0 and below 8 EiB");
    }
    return n << shift;
  }
}
