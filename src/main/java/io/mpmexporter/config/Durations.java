package io.mpmexporter.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Prometheus-style durations: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code
 * 1m30s}.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private Durations() {}

  /** Parses a positive duration, or throws naming {@code flag}. */
  public static Duration parse(String flag, String text) throws UsageException {
    if (text == null || text.isEmpty()) {
      throw new UsageException(flag + ": empty duration (use e.g. 500ms, 5s, 2m)");
    }
    Matcher m = PART.matcher(text);
    Duration total = Duration.ZERO;
    int pos = 0;
    while (pos < text.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new UsageException(
            flag + ": invalid duration '" + text + "' (use e.g. 500ms, 5s, 2m)");
      }
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
      pos = m.end();
    }
    if (total.isZero()) {
      throw new UsageException(flag + ": duration must be above zero, got '" + text + "'");
    }
    return total;
  }

  /** Like {@link #parse}, but 0s (or 0) means "off" and gives zero. */
  public static Duration parseOrZero(String flag, String text) throws UsageException {
    if (text != null && text.matches("0+(ms|s|m|h)?")) {
      return Duration.ZERO;
    }
    return parse(flag, text);
  }

  /** Prints a duration the way it is written on the command line. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
