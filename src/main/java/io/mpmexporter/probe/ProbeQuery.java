package io.mpmexporter.probe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The query of a {@code /probe} request: {@code target} and {@code module}, each once at most. */
final class ProbeQuery {
  private static final Set<String> KNOWN = Set.of("target", "module");

  private ProbeQuery() {}

  /**
   * @throws IllegalArgumentException a query too long, a bad escape, a parameter twice
   */
  static Map<String, String> parse(String rawQuery, int maxLength) {
    Map<String, String> out = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    if (rawQuery.length() > maxLength) {
      throw new IllegalArgumentException("query longer than " + maxLength + " characters");
    }
    for (String param : rawQuery.split("&")) {
      int eq = param.indexOf('=');
      String key;
      String value;
      try {
        key = URLDecoder.decode(eq < 0 ? param : param.substring(0, eq), StandardCharsets.UTF_8);
        value = eq < 0 ? "" : URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("query has a bad %-escape");
      }
      if (KNOWN.contains(key) && out.put(key, value) != null) {
        throw new IllegalArgumentException(key + " given twice");
      }
    }
    return out;
  }
}
