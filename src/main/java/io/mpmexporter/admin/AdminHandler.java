package io.mpmexporter.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.mpmexporter.json.JsonException;
import io.mpmexporter.json.JsonReader;
import io.mpmexporter.json.JsonWriter;
import io.mpmexporter.log.Log;
import io.mpmexporter.mpm.Mpm;
import io.mpmexporter.mpm.SwitchReport;
import io.mpmexporter.mpm.SwitchRequest;
import io.mpmexporter.poll.Snapshot;
import io.mpmexporter.switchapi.AgentClient;
import io.mpmexporter.switchapi.AgentRequest;
import io.mpmexporter.switchapi.AuditLog;
import io.mpmexporter.switchapi.SwitchRequestBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

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

  /** The result when the agent cannot be reached: the request never got to it. */
  public static final String AGENT_UNAVAILABLE = "agent_unavailable";

  /**
   * The result when the agent got the request but no answer came back (it died, or the deadline
   * passed): Apache's state is unknown until the agent, started again, has recovered the switch.
   */
  public static final String AGENT_LOST = "agent_lost";

  /**
   * Longer than a switch can take in the agent with the default deadlines: preflight (status, three
   * apachectl runs of 10 s), the config change and configtest (30 s), a hand-over (bridge start and
   * verify 55 s, the old server's graceful stop 60 s, start and -V 50 s, the bridge's stop 55 s,
   * verify 15 s) and a rollback after its last step (about 230 s): about 8 minutes, plus a JVM
   * start when socket-activated. A larger --apache.ctl-timeout on the agent lengthens it.
   */
  public static final Duration SWITCH_DEADLINE = Duration.ofMinutes(10);

  /** A state query; a socket-activated agent may first have to start. */
  static final Duration STATE_DEADLINE = Duration.ofSeconds(10);

  private final AdminGuard guard;
  private final AgentClient agent;
  private final Supplier<Snapshot> snapshot;
  private final AuditLog audit;
  private final AdminMetrics metrics;
  private final Runnable refresh;
  private final Consumer<Map<String, Object>> agentState;

  /**
   * @param refresh runs after a switch that touched Apache, so the next scrape shows the result
   * @param agentState receives every state answer of the agent (for the readiness metrics)
   */
  public AdminHandler(
      AdminGuard guard,
      AgentClient agent,
      Supplier<Snapshot> snapshot,
      AuditLog audit,
      AdminMetrics metrics,
      Runnable refresh,
      Consumer<Map<String, Object>> agentState) {
    this.guard = guard;
    this.agent = agent;
    this.snapshot = snapshot;
    this.audit = audit;
    this.metrics = metrics;
    this.refresh = refresh;
    this.agentState = agentState;
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
      Reply reply = answer(ex, client, entry);
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

  /** A status code and a JSON body, sent once the audit line is written. */
  private record Reply(int code, Map<String, Object> body) {}

  private Reply answer(HttpExchange ex, String peer, Map<String, Object> entry)
      throws IOException, InterruptedException {
    switch (guard.check(peer, ex.getRequestHeaders().get("Authorization"))) {
      case LOCKED -> {
        ex.getResponseHeaders().set("Retry-After", Long.toString(guard.retryAfterSeconds(peer)));
        return reject(
            entry, 429, "locked_out", "too many failed attempts from " + peer + "; try later");
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
        return post(ex, peer, entry);
      }
      default -> {
        ex.getResponseHeaders().set("Allow", "GET, HEAD, POST");
        return reject(entry, 405, "bad_method", "use GET or POST");
      }
    }
  }

  private Reply post(HttpExchange ex, String peer, Map<String, Object> entry)
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
      request = SwitchRequestBody.parse(JsonReader.readObject(utf8(body)));
    } catch (JsonException e) {
      return reject(entry, 400, "bad_request", e.getMessage());
    }
    entry.put("to", request.target().label());
    entry.put("dry_run", request.dryRun());
    entry.put("force", request.force());
    entry.put("reason", request.reason());
    Map<String, Object> report;
    try {
      report =
          agent.call(
              new AgentRequest(AgentRequest.SWITCH, request, peer, guard.fingerprint()),
              SWITCH_DEADLINE);
    } catch (AgentClient.AgentException e) {
      if (e.sent()) {
        metrics.switchAttempt(AGENT_LOST);
        Log.error("MPM switch: lost the switch agent mid-request", "err", e.getMessage());
        return reject(
            entry,
            502,
            AGENT_LOST,
            e.getMessage()
                + "; the switch may have started: Apache's state is unknown until the agent has"
                + " recovered it (GET "
                + PATH
                + " shows the recovery)");
      }
      metrics.switchAttempt(AGENT_UNAVAILABLE);
      Log.error("MPM switch: the switch agent is unavailable", "err", e.getMessage());
      return reject(entry, 503, AGENT_UNAVAILABLE, e.getMessage() + "; nothing was changed");
    }
    String result = result(report);
    metrics.switchAttempt(result);
    if (report.get("downtime_ms") != null) {
      refresh.run();
    }
    entry.putAll(report);
    entry.remove("started");
    Log.info(
        "MPM switch attempt",
        "result",
        result,
        "from",
        report.get("from"),
        "to",
        report.get("to"),
        "downtime_ms",
        report.get("downtime_ms"),
        "err",
        report.get("error") == null ? "" : report.get("error"));
    return new Reply(httpStatus(result), report);
  }

  /** The agent's result if it is one we know (it labels a counter), else failed. */
  private static String result(Map<String, Object> report) {
    Object r = report.get("result");
    return r instanceof String s && SwitchReport.RESULTS.contains(s) ? s : SwitchReport.FAILED;
  }

  /**
   * 200 when the request was carried out (switched, unchanged, dry run); 409 when it was refused
   * and nothing running was touched; 500 when Apache was stopped and the switch failed (rolled back
   * or not).
   */
  static int httpStatus(String result) {
    return switch (result) {
      case SwitchReport.SWITCHED, SwitchReport.UNCHANGED, SwitchReport.DRY_RUN -> 200;
      case SwitchReport.ROLLED_BACK, SwitchReport.FAILED -> 500;
      default -> 409;
    };
  }

  /** The MPM state from the latest poll, and the agent's own state (or why it cannot be had). */
  private Map<String, Object> state() throws InterruptedException {
    Snapshot s = snapshot.get();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("running", s.runningMpm());
    m.put("configured", s.configuredMpm());
    m.put("restart_pending", s.restartPending());
    m.put("allowed", Mpm.NAMES);
    Map<String, Object> a;
    try {
      a = new LinkedHashMap<>(agent.call(AgentRequest.state(), STATE_DEADLINE));
      agentState.accept(a);
    } catch (AgentClient.AgentException e) {
      a = new LinkedHashMap<>();
      a.put("socket", agent.socket().toString());
      a.put("error", e.getMessage());
    }
    m.put("backend", a.get("backend"));
    m.put("handover_ready", a.get("handover_ready"));
    m.put("tcp_migrate_req", a.get("tcp_migrate_req"));
    m.put("switch_in_progress", a.get("switch_in_progress"));
    m.put("last_switch", a.get("last_switch"));
    m.put("recovering", a.get("recovering"));
    m.put("last_recovery", a.get("last_recovery"));
    a.remove("last_switch");
    a.remove("last_recovery");
    m.put("agent", a);
    return m;
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

  /** An error reply, recorded in the audit entry. */
  private static Reply reject(Map<String, Object> entry, int code, String result, String message) {
    entry.put("result", result);
    entry.put("error", message);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("result", result);
    body.put("error", message);
    return new Reply(code, body);
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
