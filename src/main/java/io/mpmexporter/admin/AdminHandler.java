package io.mpmexporter.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.mpmexporter.json.JsonException;
import io.mpmexporter.json.JsonReader;
import io.mpmexporter.json.JsonWriter;
import io.mpmexporter.log.Log;
import io.mpmexporter.metrics.AdminMetrics;
import io.mpmexporter.mpm.Mpm;
import io.mpmexporter.mpm.MpmSwitcher;
import io.mpmexporter.mpm.SwitchReport;
import io.mpmexporter.mpm.SwitchRequest;
import io.mpmexporter.poll.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /admin/mpm}: GET shows the MPM state, POST switches. Checks run in this order, each
 * answering before anything is read further: lockout (429) and token (401) → path (404) → method
 * (405) → media type (415) → body size (413) → strict JSON and the request contract (400) → the
 * switch (200, 409, 500). Every POST gets one audit line.
 */
public final class AdminHandler implements HttpHandler {
  public static final String PATH = "/admin/mpm";
  static final int MAX_BODY = 1024;

  private final AdminGuard guard;
  private final MpmSwitcher switcher;
  private final Supplier<Snapshot> snapshot;
  private final AuditLog audit;
  private final AdminMetrics metrics;

  public AdminHandler(
      AdminGuard guard,
      MpmSwitcher switcher,
      Supplier<Snapshot> snapshot,
      AuditLog audit,
      AdminMetrics metrics) {
    this.guard = guard;
    this.switcher = switcher;
    this.snapshot = snapshot;
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
      entry.put("path", ex.getRequestURI().getRawPath());
      Reply reply = answer(ex, client, entry);
      metrics.answered(reply.code());
      if (post) {
        // On disk before the client hears the outcome.
        entry.put("status", reply.code());
        audit.append(entry);
      }
      send(ex, reply);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A status code and a JSON body, sent once the audit line is written. */
  private record Reply(int code, Map<String, Object> body) {}

  private Reply answer(HttpExchange ex, String client, Map<String, Object> entry)
      throws IOException, InterruptedException {
    switch (guard.check(client, ex.getRequestHeaders().get("Authorization"))) {
      case LOCKED -> {
        ex.getResponseHeaders().set("Retry-After", Long.toString(guard.retryAfterSeconds(client)));
        return reject(
            entry, 429, "locked_out", "too many failed attempts from " + client + "; try later");
      }
      case UNAUTHORIZED -> {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"apache-mpm-exporter\"");
        return reject(entry, 401, "unauthorized", "send Authorization: Bearer <token>");
      }
      case OK -> entry.put("token_fingerprint", guard.fingerprint());
    }
    if (!ex.getRequestURI().getPath().equals(PATH)) {
      return reject(entry, 404, "not_found", "the admin API is " + PATH);
    }
    switch (ex.getRequestMethod()) {
      case "GET", "HEAD" -> {
        return new Reply(200, state());
      }
      case "POST" -> {
        return post(ex, entry);
      }
      default -> {
        ex.getResponseHeaders().set("Allow", "GET, HEAD, POST");
        return reject(entry, 405, "bad_method", "use GET or POST");
      }
    }
  }

  private Reply post(HttpExchange ex, Map<String, Object> entry)
      throws IOException, InterruptedException {
    if (!isJson(ex.getRequestHeaders().getFirst("Content-Type"))) {
      return reject(entry, 415, "bad_media_type", "send Content-Type: application/json");
    }
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    byte[] body = length != null && tooLong(length) ? null : readCapped(ex.getRequestBody());
    if (body == null || body.length > MAX_BODY) {
      return reject(entry, 413, "too_large", "the body is larger than " + MAX_BODY + " bytes");
    }
    SwitchRequest request;
    try {
      request = SwitchRequest.of(JsonReader.readObject(utf8(body)));
    } catch (JsonException e) {
      return reject(entry, 400, "bad_request", e.getMessage());
    }
    entry.put("to", request.target().label());
    entry.put("dry_run", request.dryRun());
    entry.put("force", request.force());
    entry.put("reason", request.reason());
    SwitchReport report = switcher.run(request);
    metrics.switchAttempt(report.result());
    entry.putAll(report.toMap());
    entry.remove("started");
    Log.info(
        "MPM switch attempt",
        "result",
        report.result(),
        "from",
        report.from(),
        "to",
        report.to(),
        "downtime_ms",
        report.downtimeMs(),
        "err",
        report.error() == null ? "" : report.error());
    return new Reply(report.httpStatus(), report.toMap());
  }

  private Map<String, Object> state() {
    Snapshot s = snapshot.get();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("running", s.runningMpm());
    m.put("configured", s.configuredMpm());
    m.put("restart_pending", s.restartPending());
    m.put("allowed", Mpm.NAMES);
    m.put("backend", switcher.backendName());
    m.put("switch_in_progress", switcher.inProgress());
    SwitchReport last = switcher.last();
    m.put("last_switch", last == null ? null : last.toMap());
    return m;
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
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new JsonException("the body is not UTF-8");
    }
  }

  /** Answers an error and records it in the audit entry. */
  /** An error reply, recorded in the audit entry. */
  private static Reply reject(Map<String, Object> entry, int code, String result, String message) {
    entry.put("result", result);
    entry.put("error", message);
    return new Reply(code, Map.of("error", message));
  }

  private static void send(HttpExchange ex, Reply reply) throws IOException {
    int code = reply.code();
    byte[] bytes = (JsonWriter.write(reply.body()) + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(code, -1);
      return;
    }
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }
}
