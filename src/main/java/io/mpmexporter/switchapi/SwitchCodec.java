package io.mpmexporter.switchapi;

import io.mpmexporter.json.JsonException;
import io.mpmexporter.mpm.SwitchReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one translation between the switch contract's records and the JSON objects that cross the
 * agent's socket (and, through the exporter, the admin API): the agent encodes, the exporter
 * decodes. A report is encoded as {@link SwitchReport#toMap()} writes it for the audit log too.
 */
public final class SwitchCodec {
  private SwitchCodec() {}

  /** The state answer: the setup's fields first, then the live ones. */
  public static Map<String, Object> encode(AgentState s) {
    Map<String, Object> m = new LinkedHashMap<>();
    AgentSetup setup = s.setup();
    m.put("agent_version", setup.agentVersion());
    m.put("socket", setup.socket());
    m.put("socket_activated", setup.socketActivated());
    m.put("apache_unit", setup.apacheUnit());
    m.put("stop_cmd", setup.stopCmd());
    m.put("start_cmd", setup.startCmd());
    m.put("state_dir", setup.stateDir());
    m.put("backend", s.backend());
    m.put("allowed", s.allowed());
    m.put("switch_in_progress", s.switchInProgress());
    m.put("handover_ready", s.handoverReady());
    m.put("tcp_migrate_req", s.tcpMigrateReq());
    m.put("readiness", s.readiness());
    m.put("last_switch", s.lastSwitch() == null ? null : s.lastSwitch().toMap());
    m.put("recovering", s.recovering());
    m.put("last_recovery", s.lastRecovery());
    m.put("pid", s.pid());
    m.put("started", s.started());
    m.put("requests_served", s.requestsServed());
    m.put("refused_peers", s.refusedPeers());
    m.put("bad_requests", s.badRequests());
    return m;
  }

  /** A switch answer: the report with the backend, or a refusal. */
  public static Map<String, Object> encode(AgentAnswer answer) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (answer instanceof AgentAnswer.Report r) {
      m.putAll(r.report().toMap());
      m.put("backend", r.backend());
    } else if (answer instanceof AgentAnswer.Refusal r) {
      if (r.result() != null) {
        m.put("result", r.result());
      }
      m.put("error", r.error());
    }
    return m;
  }

  /**
   * The agent's state answer.
   *
   * @throws JsonException the answer is a refusal or misses a field
   */
  public static AgentState state(Map<String, Object> m) throws JsonException {
    refusal(m);
    Object last = m.get("last_recovery");
    @SuppressWarnings("unchecked")
    Map<String, Object> lastRecovery =
        last instanceof Map<?, ?> ? (Map<String, Object>) last : null;
    Long migrate = number(m, "tcp_migrate_req", false);
    return new AgentState(
        new AgentSetup(
            string(m, "agent_version", false),
            string(m, "socket", false),
            bool(m, "socket_activated"),
            string(m, "apache_unit", false),
            string(m, "stop_cmd", false),
            string(m, "start_cmd", false),
            string(m, "state_dir", false)),
        string(m, "backend", true),
        strings(m, "allowed"),
        bool(m, "switch_in_progress"),
        m.get("handover_ready") instanceof Boolean b ? b : null,
        migrate == null ? null : migrate.intValue(),
        string(m, "readiness", false),
        m.get("last_switch") instanceof Map<?, ?> ls ? report(cast(ls)) : null,
        bool(m, "recovering"),
        lastRecovery,
        number(m, "pid", true),
        string(m, "started", false),
        number(m, "requests_served", true),
        number(m, "refused_peers", true),
        number(m, "bad_requests", true));
  }

  /**
   * The agent's answer to a switch request.
   *
   * @throws JsonException it is neither a report nor a refusal
   */
  public static AgentAnswer answer(Map<String, Object> m) throws JsonException {
    if (!m.containsKey("steps")) {
      return new AgentAnswer.Refusal(string(m, "result", false), string(m, "error", true));
    }
    return new AgentAnswer.Report(report(m), string(m, "backend", false));
  }

  /** A report as {@link SwitchReport#toMap()} wrote it. */
  public static SwitchReport report(Map<String, Object> m) throws JsonException {
    List<SwitchReport.Step> steps = new ArrayList<>();
    for (Object o : list(m, "steps")) {
      if (!(o instanceof Map<?, ?> step)) {
        throw new JsonException("'steps' holds a non-object");
      }
      Map<String, Object> s = cast(step);
      steps.add(
          new SwitchReport.Step(
              string(s, "step", true),
              number(s, "ms", true),
              bool(s, "ok"),
              string(s, "detail", false)));
    }
    Instant started;
    try {
      started = Instant.parse(string(m, "started", true));
    } catch (DateTimeParseException e) {
      throw new JsonException("'started' is not a time");
    }
    return new SwitchReport(
        string(m, "result", true),
        string(m, "from", false),
        string(m, "to", false),
        bool(m, "dry_run"),
        bool(m, "force"),
        string(m, "reason", false),
        string(m, "strategy", false),
        string(m, "strategy_reason", false),
        started,
        number(m, "duration_ms", true),
        number(m, "downtime_ms", false),
        steps,
        m.containsKey("plan") ? strings(m, "plan") : List.of(),
        strings(m, "rolled_back"),
        string(m, "error", false),
        m.get("capacity") instanceof Map<?, ?> c ? cast(c) : null);
  }

  /** A refusal where a state was expected: the agent's reason, as an error. */
  private static void refusal(Map<String, Object> m) throws JsonException {
    if (!m.containsKey("backend") && m.get("error") instanceof String error) {
      throw new JsonException("the switch agent refused: " + error);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private static String string(Map<String, Object> m, String key, boolean required)
      throws JsonException {
    Object v = m.get(key);
    if (v == null && !required) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new JsonException("'" + key + "' is not a string");
    }
    return s;
  }

  private static boolean bool(Map<String, Object> m, String key) throws JsonException {
    if (!(m.get(key) instanceof Boolean b)) {
      throw new JsonException("'" + key + "' is not true or false");
    }
    return b;
  }

  private static Long number(Map<String, Object> m, String key, boolean required)
      throws JsonException {
    Object v = m.get(key);
    if (v == null && !required) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      try {
        return d.longValueExact();
      } catch (ArithmeticException e) {
        throw new JsonException("'" + key + "' is not a whole number");
      }
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    throw new JsonException("'" + key + "' is not a number");
  }

  private static List<?> list(Map<String, Object> m, String key) throws JsonException {
    if (!(m.get(key) instanceof List<?> l)) {
      throw new JsonException("'" + key + "' is not a list");
    }
    return l;
  }

  private static List<String> strings(Map<String, Object> m, String key) throws JsonException {
    List<String> out = new ArrayList<>();
    for (Object o : list(m, key)) {
      if (!(o instanceof String s)) {
        throw new JsonException("'" + key + "' holds a non-string");
      }
      out.add(s);
    }
    return out;
  }
}
