package io.mpmexporter.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 reader for small request bodies: one value, no comments, no trailing commas, no
 * duplicate keys, no leading zeros, nesting at most {@value #MAX_DEPTH} deep. Objects become
 * insertion-ordered maps (a JSON null is a null value under its key), arrays lists, numbers {@link
 * BigDecimal}, strings and booleans themselves.
 */
public final class JsonReader {
  static final int MAX_DEPTH = 16;

  private final String text;
  private int pos;

  private JsonReader(String text) {
    this.text = text;
  }

  /** Reads a document whose top level must be an object. */
  public static Map<String, Object> readObject(String text) throws JsonException {
    JsonReader r = new JsonReader(text);
    r.skipSpace();
    if (r.peek() != '{') {
      throw r.error("expected a JSON object");
    }
    Object value = r.value(0);
    r.skipSpace();
    if (r.pos != text.length()) {
      throw r.error("unexpected text after the object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) value;
    return map;
  }

  private Object value(int depth) throws JsonException {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    skipSpace();
    char c = peek();
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error(pos >= text.length() ? "unexpected end" : "unexpected character");
    }
  }

  private Map<String, Object> object(int depth) throws JsonException {
    pos++; // {
    Map<String, Object> map = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a quoted key");
      }
      String key = string();
      if (map.containsKey(key)) {
        throw error("duplicate key '" + key + "'");
      }
      skipSpace();
      expect(':');
      map.put(key, value(depth + 1));
      skipSpace();
      char c = next();
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        pos--;
        throw error("expected , or }");
      }
    }
  }

  private List<Object> array(int depth) throws JsonException {
    pos++; // [
    List<Object> list = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return Collections.unmodifiableList(list);
    }
    while (true) {
      list.add(value(depth + 1));
      skipSpace();
      char c = next();
      if (c == ']') {
        return Collections.unmodifiableList(list);
      }
      if (c != ',') {
        pos--;
        throw error("expected , or ]");
      }
    }
  }

  private String string() throws JsonException {
    pos++; // opening quote
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        pos--;
        throw error("control character in string");
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> b.append(unicodeEscape());
        default -> {
          pos--;
          throw error("bad escape");
        }
      }
    }
  }

  private char unicodeEscape() throws JsonException {
    if (pos + 4 > text.length()) {
      throw error("short \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(text.charAt(pos++), 16);
      if (d < 0) {
        pos--;
        throw error("bad \\u escape");
      }
      v = v * 16 + d;
    }
    return (char) v;
  }

  private BigDecimal number() throws JsonException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (!digits()) {
      throw error("bad number");
    }
    if (peek() == '.') {
      pos++;
      if (!digits()) {
        throw error("bad number");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!digits()) {
        throw error("bad number");
      }
    }
    if (pos - start > 64) {
      throw error("number too long");
    }
    try {
      return new BigDecimal(text.substring(start, pos));
    } catch (NumberFormatException e) {
      // Found by fuzzing: an exponent beyond BigDecimal's range, e.g. 1e99999999999.
      throw error("number out of range");
    }
  }

  private boolean digits() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    return pos > start;
  }

  private Object literal(String word, Object value) throws JsonException {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected word");
    }
    pos += word.length();
    return value;
  }

  private void expect(char c) throws JsonException {
    if (next() != c) {
      pos--;
      throw error("expected " + c);
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private char next() throws JsonException {
    if (pos >= text.length()) {
      pos++;
      throw error("unexpected end");
    }
    return text.charAt(pos++);
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private JsonException error(String what) {
    return new JsonException(
        "malformed JSON at offset " + Math.min(pos, text.length()) + ": " + what);
  }
}
