package io.mpmexporter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads Prometheus text exposition into series -> value, with simpleclient's trailing ",}"
 * normalised.
 */
public final class ExpositionText {
  private ExpositionText() {}

  public static Map<String, Double> parse(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String series = line.substring(0, space).replace(",}", "}");
      out.put(series, Double.parseDouble(line.substring(space + 1)));
    }
    return out;
  }

  /** The series whose name (before any label) is {@code name}. */
  public static Map<String, Double> family(Map<String, Double> all, String name) {
    Map<String, Double> out = new LinkedHashMap<>();
    all.forEach(
        (k, v) -> {
          if (k.equals(name) || k.startsWith(name + "{")) {
            out.put(k, v);
          }
        });
    return out;
  }
}
