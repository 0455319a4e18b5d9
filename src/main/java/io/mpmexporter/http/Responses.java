package io.mpmexporter.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Sending a whole response body, for every handler of both listeners. */
public final class Responses {
  public static final String TEXT = "text/plain; charset=utf-8";

  private Responses() {}

  /**
   * Sends {@code body} with {@code code} and {@code contentType} (headers set before stay); a HEAD
   * request gets the headers only.
   */
  public static void send(HttpExchange ex, int code, String contentType, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(code, -1);
      return;
    }
    ex.sendResponseHeaders(code, body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }

  /** A plain-text answer such as "Busy: ...". */
  public static void text(HttpExchange ex, int code, String body) throws IOException {
    send(ex, code, TEXT, body.getBytes(StandardCharsets.UTF_8));
  }
}
