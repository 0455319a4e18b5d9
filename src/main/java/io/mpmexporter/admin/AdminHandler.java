package io.mpmexporter.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.mpmexporter.base.Utf8;
import io.mpmexporter.http.Responses;
import io.mpmexporter.json.JsonException;
import io.mpmexporter.json.JsonReader;
import io.mpmexporter.json.JsonWriter;
import io.mpmexporter.mpm.SwitchRequest;
import io.mpmexporter.switchapi.AuditLog;
import io.mpmexporter.switchapi.SwitchRequestBody;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /admin/mpm}: GET shows the MPM state, POST switches. Checks run in this order, each
 * answering before anything is read further: lockout (429) and token (401) → path (404) → method
 * (405) → media type (415) → body size (413) → strict JSON and the request contract (400) → the
 * switch, forwarded to the switch agent (200, 409, 500; 503 when the agent cannot be reached, 502
 * when it got the request and was lost before it answered). Every authenticated POST gets one audit
 * line here; the agent writes its own for each switch.
 */
public final class AdminHandler implements HttpHandler {
  public static final String PATH = "/admin/mpm";
  static final int MAX_BODY = 1024;
  static final int MAX_LOGGED_PATH = 128;

  private final AdminGuard guard;
  private final MpmAdmin service;
  private final AuditLog audit;
  private final AdminMetrics metrics;

  AdminHandler(AdminGuard guard, MpmAdmin service, AuditLog audit, AdminMetrics metrics) {
    this.guard = guard;
    this.service = service;
    this.audit = audit;
    this.metrics = metrics;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String client = ex.getRemoteAddress().getAddress().getHostAddress();
      boolean post = ex.getRequestMethod().equals("POST");
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("time", Instant.now().toString());
      entry.put("client", client);
      entry.put("method", ex.getRequestMethod());
      entry.put("path", capped(ex.getRequestURI().getRawPath()));
      AdminReply reply = answer(ex, client, entry);
      metrics.answered(reply.code());
      // Only authenticated attempts: anyone could fill the disk with refused ones, which
      // apache_exporter_admin_requests_total{code="401"|"429"} counts instead.
      if (post && entry.containsKey("token_fingerprint")) {
        // On disk before the client hears the outcome.
        entry.put("status", reply.code());
        audit.append(entry);
      }
      send(ex, reply);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private AdminReply answer(HttpExchange ex, String peer, Map<String, Object> entry)
      throws IOException, InterruptedException {
    switch (guard.check(peer, ex.getRequestHeaders().get("Authorization"))) {
      case LOCKED -> {
        ex.getResponseHeaders().set("Retry-After", Long.toString(guard.retryAfterSeconds(peer)));
        return AdminReply.reject(
            entry, 429, "locked_out", "too many failed attempts from " + peer + "; try later");
      }
      case UNAUTHORIZED -> {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"apache-mpm-exporter\"");
        return AdminReply.reject(entry, 401, "unauthorized", "send Authorization: Bearer <token>");
      }
      case OK -> entry.put("token_fingerprint", guard.fingerprint());
    }
    if (!ex.getRequestURI().getPath().equals(PATH)) {
      return AdminReply.reject(entry, 404, "not_found", "the admin API is " + PATH);
    }
    switch (ex.getRequestMethod()) {
      case "GET", "HEAD" -> {
        return service.state();
      }
      case "POST" -> {
        return post(ex, peer, entry);
      }
      default -> {
        ex.getResponseHeaders().set("Allow", "GET, HEAD, POST");
        return AdminReply.reject(entry, 405, "bad_method", "use GET or POST");
      }
    }
  }

  private AdminReply post(HttpExchange ex, String peer, Map<String, Object> entry)
      throws IOException, InterruptedException {
    if (!isJson(ex.getRequestHeaders().getFirst("Content-Type"))) {
      return AdminReply.reject(entry, 415, "bad_media_type", "send Content-Type: application/json");
    }
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    byte[] body = length != null && tooLong(length) ? null : readCapped(ex.getRequestBody());
    if (body == null || body.length > MAX_BODY) {
      return AdminReply.reject(
          entry, 413, "too_large", "the body is larger than " + MAX_BODY + " bytes");
    }
    SwitchRequest request;
    try {
      request = SwitchRequestBody.parse(JsonReader.readObject(utf8(body)));
    } catch (JsonException e) {
      return AdminReply.reject(entry, 400, "bad_request", e.getMessage());
    }
    return service.switchMpm(request, peer, guard.fingerprint(), entry);
  }

  /** At most {@value #MAX_LOGGED_PATH} characters of a path reach the audit log. */
  static String capped(String path) {
    return path.length() <= MAX_LOGGED_PATH ? path : path.substring(0, MAX_LOGGED_PATH) + "...";
  }

  /** application/json, optionally with charset=utf-8; nothing else. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
    if (!parts[0].strip().equals("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip().replace("\"", "");
      if (!p.equals("charset=utf-8")) {
        return false;
      }
    }
    return true;
  }

  private static boolean tooLong(String contentLength) {
    try {
      return Long.parseLong(contentLength.strip()) > MAX_BODY;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /** Reads at most one byte more than the cap: enough to know the body is too large. */
  private static byte[] readCapped(InputStream in) throws IOException {
    return in.readNBytes(MAX_BODY + 1);
  }

  private static String utf8(byte[] body) throws JsonException {
    try {
      return Utf8.decode(body);
    } catch (CharacterCodingException e) {
      throw new JsonException("the body is not UTF-8");
    }
  }

  private static void send(HttpExchange ex, AdminReply reply) throws IOException {
    byte[] bytes = (JsonWriter.write(reply.body()) + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    Responses.send(ex, reply.code(), "application/json", bytes);
  }
}
