package io.mpmexporter.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/**
 * Reads the JSON the exporter and the agent answer with Jackson: an oracle independent of the
 * production {@code JsonReader} (a bug there must not hide itself in the tests).
 */
final class TestJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TestJson() {}

  static Map<String, Object> object(String text) throws IOException {
    return MAPPER.readValue(text, new TypeReference<Map<String, Object>>() {});
  }
}
