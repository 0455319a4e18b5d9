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
}
