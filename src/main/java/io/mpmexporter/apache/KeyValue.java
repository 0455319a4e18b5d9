package io.mpmexporter.apache;

/**
 * One {@code Key: value} line as Apache prints them: the key ends at the first colon; both are
 * stripped.
 */
record KeyValue(String key, String value) {

  /** The line split at its first colon, or null when it has none or starts with one. */
  static KeyValue of(String line) {
    int colon = line.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    return new KeyValue(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
  }

  /** Every key/value line of {@code text}, each line stripped first; other lines are skipped. */
  static java.util.List<KeyValue> all(String text) {
    java.util.List<KeyValue> out = new java.util.ArrayList<>();
    for (String raw : text.split("\n", -1)) {
      KeyValue kv = of(raw.strip());
      if (kv != null) {
        out.add(kv);
      }
    }
    return out;
  }
}
