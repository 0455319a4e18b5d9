package io.mpmexporter.json;

import java.util.Collection;
import java.util.Map;

/**
 * Writes JSON from plain values: maps (keys in their iteration order), collections, strings,
 * numbers, booleans and null. Anything else is written as its {@code toString()} in quotes.
 */
public final class JsonWriter {
  private JsonWriter() {}

  /** One value as compact JSON. */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder(256);
    write(b, value);
    return b.toString();
  }

  /** Appends one value as compact JSON. */
  public static void write(StringBuilder b, Object value) {
    if (value == null) {
      b.append("null");
    } else if (value instanceof Boolean) {
      b.append(value);
    } else if (value instanceof Double d) {
      b.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
    } else if (value instanceof Number) {
      b.append(value);
    } else if (value instanceof Map<?, ?> map) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        string(b, String.valueOf(e.getKey()));
        b.append(':');
        write(b, e.getValue());
      }
      b.append('}');
    } else if (value instanceof Collection<?> list) {
      b.append('[');
      boolean first = true;
      for (Object o : list) {
        if (!first) {
          b.append(',');
        }
        first = false;
        write(b, o);
      }
      b.append(']');
    } else {
      string(b, value.toString());
    }
  }

  /** Appends {@code s} as a quoted JSON string. */
  public static void string(StringBuilder b, String s) {
    b.append('"');
    escape(b, s);
    b.append('"');
  }

  /** Appends {@code s} with JSON escapes, without quotes. */
  public static void escape(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
  }
}
