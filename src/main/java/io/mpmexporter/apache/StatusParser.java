package io.mpmexporter.apache;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the body of Apache's {@code server-status?auto}. Pure: text in, {@link StatusPage} out.
 *
 * <p>Unknown lines (mod_ssl's cache block, proxy balancer lines, mod_md, GnuTLS) are ignored. When
 * a key appears twice (2.4.35–2.4.57 print BusyWorkers and IdleWorkers twice) the first value wins.
 * A numeric key whose value is not a number is left out rather than failing the page.
 */
public final class StatusParser {
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private StatusParser() {}

  /** Parses a body; throws with a one-line reason when it is not Apache {@code ?auto} output. */
  public static StatusPage parse(String body) throws ParseException {
    if (body == null || body.isBlank()) {
      throw new ParseException("empty body, not Apache server-status?auto output");
    }
    if (looksBinary(body)) {
      throw new ParseException("binary data, not Apache server-status?auto output");
    }
    if (looksLikeHtml(body)) {
      throw new ParseException(
          "an HTML page, not Apache server-status?auto output (does the URL end in ?auto?)");
    }
    String serverName = null;
    String version = null;
    String mpm = null;
    String built = null;
    String restartTime = null;
    String scoreboard = null;
    boolean sawBusyServers = false;
    Map<StatusField, Double> values = new EnumMap<>(StatusField.class);
    boolean first = true;
    for (String rawLine : body.split("\n", -1)) {
      String line = rawLine.endsWith("\r") ? rawLine.substring(0, rawLine.length() - 1) : rawLine;
      if (first) {
        first = false;
        if (isServerNameLine(line)) {
          serverName = line.strip();
          continue;
        }
      }
      KeyValue kv = KeyValue.of(line);
      if (kv == null) {
        continue;
      }
      String key = kv.key();
      String value = kv.value();
      switch (key) {
        case "ServerVersion" -> version = firstNonNull(version, value);
        case "ServerMPM" -> mpm = firstNonNull(mpm, value.isEmpty() ? null : value);
        case "Server Built" -> built = firstNonNull(built, value);
        case "RestartTime" -> restartTime = firstNonNull(restartTime, value);
        case "Scoreboard" -> scoreboard = firstNonNull(scoreboard, value);
        case "BusyServers" -> sawBusyServers = true;
        default -> {
          StatusField field = StatusField.byKey(key);
          if (field != null && !values.containsKey(field) && NUMBER.matcher(value).matches()) {
            values.put(field, Double.parseDouble(value));
          }
        }
      }
    }
    if (!values.containsKey(StatusField.BUSY_WORKERS)
        || !values.containsKey(StatusField.IDLE_WORKERS)) {
      if (sawBusyServers) {
        throw new ParseException(
            "looks like lighttpd's status page (BusyServers), not Apache server-status?auto output");
      }
      throw new ParseException(
          "no BusyWorkers/IdleWorkers lines, not Apache server-status?auto output");
    }
    return new StatusPage(
        serverName, version, mpm, built, restartTime, values, scoreboard == null ? "" : scoreboard);
  }

  /**
   * Since 2.4.13 the first line is the bare server name. It has no "key: value" shape; an IPv6
   * literal such as {@code ::1} has colons but no ": ".
   */
  private static boolean isServerNameLine(String line) {
    String s = line.strip();
    return !s.isEmpty() && !s.contains(": ") && !s.endsWith(":");
  }

  private static boolean looksBinary(String body) {
    int controls = 0;
    int n = Math.min(body.length(), 4096);
    for (int i = 0; i < n; i++) {
      char c = body.charAt(i);
      if (c == 0 || c == '\uFFFD') {
        return true;
      }
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
        controls++;
      }
    }
    return controls > n / 100 + 1;
  }

  private static boolean looksLikeHtml(String body) {
    String head = body.substring(0, Math.min(body.length(), 1024)).stripLeading();
    if (head.startsWith("<")) {
      return true;
    }
    String lower = head.toLowerCase(Locale.ROOT);
    return lower.contains("<html") || lower.contains("<!doctype");
  }

  private static String firstNonNull(String current, String candidate) {
    return current != null ? current : candidate;
  }
}
