package io.mpmexporter.apache;

import java.util.EnumMap;
import java.util.Map;

/**
 * Parses the body of Apache's {@code server-status?auto}. Pure: text in, {@link StatusPage} out.
 *
 * <p>Proxy balancer lines ({@link BalancerLines}) and mod_ssl's session cache block ({@link
 * SessionCacheLines}) and mod_md's ({@link ManagedDomainLines}) are read too; other lines (GnuTLS,
 * mod_cache_socache) are ignored. When a key appears twice (2.4.35–2.4.57 print BusyWorkers and
 * IdleWorkers twice) the first value wins. A numeric key whose value is not a number is left out
 * rather than failing the page.
 */
public final class StatusParser {
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
    BalancerLines balancers = new BalancerLines();
    SessionCacheLines sessionCache = new SessionCacheLines();
    ManagedDomainLines managedDomains = new ManagedDomainLines();
    boolean first = true;
    int start = 0;
    int length = body.length();
    while (start <= length) {
      int nl = body.indexOf('\n', start);
      int end = nl < 0 ? length : nl;
      int stop = end > start && body.charAt(end - 1) == '\r' ? end - 1 : end;
      String line = body.substring(start, stop);
      start = end + 1;
      if (first) {
        first = false;
        if (isServerNameLine(line)) {
          serverName = line.strip();
          continue;
        }
      }
      KeyValue kv = KeyValue.of(line);
      if (kv == null) {
        sessionCache.header(line);
        continue;
      }
      String key = kv.key();
      String value = kv.value();
      switch (key) {
        case "ServerVersion" -> version = firstNonNull(version, labelSafe(value));
        case "ServerMPM" -> mpm = firstNonNull(mpm, mpmName(value));
        case "Server Built" -> built = firstNonNull(built, value);
        case "RestartTime" -> restartTime = firstNonNull(restartTime, value);
        case "Scoreboard" -> scoreboard = firstNonNull(scoreboard, value);
        case "BusyServers" -> sawBusyServers = true;
        default -> {
          StatusField field = StatusField.byKey(key);
          if (field != null) {
            if (!values.containsKey(field) && isNumber(value)) {
              values.put(field, toDouble(value));
            }
          } else if (!balancers.accept(key, value) && !managedDomains.accept(key, value)) {
            sessionCache.accept(key, value);
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
        serverName,
        version,
        mpm,
        built,
        restartTime,
        values,
        scoreboard == null ? "" : scoreboard,
        balancers.members(),
        sessionCache.cache(),
        managedDomains.result());
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
    int n = Math.min(body.length(), 512);
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
    int n = Math.min(body.length(), 1024);
    int i = 0;
    while (i < n && Character.isWhitespace(body.charAt(i))) {
      i++;
    }
    if (i < n && body.charAt(i) == '<') {
      return true;
    }
    for (int lt = body.indexOf('<', i); lt >= 0 && lt < n; lt = body.indexOf('<', lt + 1)) {
      if (body.regionMatches(true, lt, "<html", 0, 5)
          || body.regionMatches(true, lt, "<!doctype", 0, 9)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A decimal number as mod_status prints them ({@code 12}, {@code .5}, {@code 1.25e-3}, {@code
   * 0.e+79}): optional sign, digits with an optional point (at least one digit), optional exponent.
   * By hand rather than a regex: it runs for every line of every poll.
   */
  static boolean isNumber(String v) {
    int i = 0;
    int n = v.length();
    if (i < n && (v.charAt(i) == '+' || v.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(v.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && v.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(v.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (v.charAt(i) == 'e' || v.charAt(i) == 'E')) {
      i++;
      if (i < n && (v.charAt(i) == '+' || v.charAt(i) == '-')) {
        i++;
      }
      int exp = 0;
      while (i < n && isDigit(v.charAt(i))) {
        i++;
        exp++;
      }
      if (exp == 0) {
        return false;
      }
    }
    return i == n;
  }

  /**
   * The value of a string that {@link #isNumber} accepted. Most status values are plain integers:
   * those are summed by hand, which is several times cheaper than {@link Double#parseDouble}.
   */
  static double toDouble(String v) {
    int n = v.length();
    if (n > 0 && n <= 15) {
      long x = 0;
      int i = 0;
      for (; i < n; i++) {
        char c = v.charAt(i);
        if (!isDigit(c)) {
          break;
        }
        x = x * 10 + (c - '0');
      }
      if (i == n) {
        return x;
      }
    }
    return Double.parseDouble(v);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String firstNonNull(String current, String candidate) {
    return current != null ? current : candidate;
  }

  /** Longest label value taken from a status page (a real ServerVersion is under 100). */
  static final int MAX_LABEL = 128;

  /**
   * The value as a label: at most {@link #MAX_LABEL} characters. A hostile or broken endpoint must
   * not be able to push megabyte labels into every scrape.
   */
  static String labelSafe(String value) {
    return value.length() <= MAX_LABEL ? value : value.substring(0, MAX_LABEL);
  }

  /**
   * An MPM name as a label: lowercase, only {@code [a-z0-9_]}, at most 32 characters (Apache's are
   * event, worker, prefork, and WinNT, mpmt_os2 elsewhere); null when nothing is left.
   */
  static String mpmName(String value) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < value.length() && b.length() < 32; i++) {
      char c = Character.toLowerCase(value.charAt(i));
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
        b.append(c);
      }
    }
    return b.length() == 0 ? null : b.toString();
  }
}
