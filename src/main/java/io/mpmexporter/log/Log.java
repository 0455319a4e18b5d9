package io.mpmexporter.log;

import io.mpmexporter.json.JsonWriter;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;

/**
 * A small structured logger: one line per event on stderr, as logfmt ({@code ts=... level=info
 * msg="..."}) or JSON. Key/value pairs follow the message. Nothing secret is ever passed to it.
 */
public final class Log {
  /** Severity, lowest first. */
  public enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  private static volatile Level threshold = Level.INFO;
  private static volatile boolean json = false;
  private static volatile PrintStream out = System.err;

  private Log() {}

  /** Sets the threshold and the format ({@code logfmt} or {@code json}). */
  public static void configure(Level level, String format) {
    threshold = level;
    json = "json".equals(format);
  }

  public static void debug(String msg, Object... kv) {
    log(Level.DEBUG, msg, kv);
  }

  public static void info(String msg, Object... kv) {
    log(Level.INFO, msg, kv);
  }

  public static void warn(String msg, Object... kv) {
    log(Level.WARN, msg, kv);
  }

  public static void error(String msg, Object... kv) {
    log(Level.ERROR, msg, kv);
  }

  public static boolean enabled(Level level) {
    return level.compareTo(threshold) >= 0;
  }

  private static void log(Level level, String msg, Object... kv) {
    if (!enabled(level)) {
      return;
    }
    String line = format(Instant.now(), level, msg, kv, json);
    synchronized (Log.class) {
      out.println(line);
    }
  }

  static String format(Instant ts, Level level, String msg, Object[] kv, boolean asJson) {
    StringBuilder b = new StringBuilder(128);
    String lvl = level.name().toLowerCase(Locale.ROOT);
    if (asJson) {
      b.append("{\"ts\":\"").append(ts).append("\",\"level\":\"").append(lvl).append("\",\"msg\":");
      jsonString(b, msg);
      for (int i = 0; i + 1 < kv.length; i += 2) {
        b.append(',');
        jsonString(b, String.valueOf(kv[i]));
        b.append(':');
        jsonString(b, String.valueOf(kv[i + 1]));
      }
      return b.append('}').toString();
    }
    b.append("ts=").append(ts).append(" level=").append(lvl).append(" msg=");
    logfmtValue(b, msg);
    for (int i = 0; i + 1 < kv.length; i += 2) {
      b.append(' ').append(kv[i]).append('=');
      logfmtValue(b, String.valueOf(kv[i + 1]));
    }
    return b.toString();
  }

  private static void logfmtValue(StringBuilder b, String v) {
    boolean quote = v.isEmpty();
    for (int i = 0; i < v.length() && !quote; i++) {
      char c = v.charAt(i);
      quote = c <= ' ' || c == '"' || c == '=' || c == '\\';
    }
    if (!quote) {
      b.append(v);
      return;
    }
    b.append('"');
    escape(b, v);
    b.append('"');
  }

  private static void jsonString(StringBuilder b, String v) {
    JsonWriter.string(b, v);
  }

  private static void escape(StringBuilder b, String v) {
    JsonWriter.escape(b, v);
  }
}
