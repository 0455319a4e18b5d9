package io.mpmexporter.switchapi;

import io.mpmexporter.json.JsonException;
import io.mpmexporter.json.JsonReader;
import io.mpmexporter.mpm.CapacityChoice;
import io.mpmexporter.mpm.MemoryFigures;
import io.mpmexporter.mpm.SwitchRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the exporter may ask of the switch agent, one JSON object per connection: {@code
 * {"action":"state"}} or {@code {"action":"switch","mpm":"prefork","dry_run":false,"force":false,
 * "expect_current":"event","reason":"...","client":"127.0.0.1","token_fingerprint":"ab12..."}}. The
 * switch fields follow {@link SwitchRequest}'s contract; {@code client} and {@code
 * token_fingerprint} only go into the audit line. Nothing here names a path, a command or a module.
 *
 * @param request null for {@code state}
 */
public record AgentRequest(
    String action, SwitchRequest request, String client, String tokenFingerprint) {
  public static final String STATE = "state";
  public static final String SWITCH = "switch";

  /** An IPv4 or IPv6 address as the exporter prints it; nothing else reaches the audit log. */
  private static final Pattern CLIENT = Pattern.compile("[0-9A-Fa-f.:%a-z]{1,64}");

  private static final Pattern LABEL = Pattern.compile("[a-z_]{1,16}");

  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{1,64}");

  public static AgentRequest state() {
    return new AgentRequest(STATE, null, null, null);
  }

  /**
   * A switch on behalf of {@code client}, authenticated with the token whose fingerprint is given
   * (the token itself never leaves the exporter).
   */
  public static AgentRequest switchMpm(
      SwitchRequest request, String client, String tokenFingerprint) {
    return new AgentRequest(SWITCH, request, client, tokenFingerprint);
  }

  /** The request as one line of JSON for the wire. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", action);
    if (request != null) {
      m.put("mpm", request.target().label());
      m.put("dry_run", request.dryRun());
      m.put("force", request.force());
      if (request.expectCurrent() != null) {
        m.put("expect_current", request.expectCurrent().label());
      }
      if (request.reason() != null) {
        m.put("reason", request.reason());
      }
      if (request.strategy() != null) {
        m.put("strategy", request.strategy().label());
      }
      if (request.capacity() != CapacityChoice.CHECK) {
        m.put("capacity", request.capacity().label());
      }
      if (request.memory() != null) {
        m.put("memory", request.memory().toMap());
      }
    }
    if (client != null) {
      m.put("client", client);
    }
    if (tokenFingerprint != null) {
      m.put("token_fingerprint", tokenFingerprint);
    }
    return m;
  }

  /**
   * Parses and checks one request line.
   *
   * @throws JsonException naming what is wrong: not JSON, unknown action or field, bad value
   */
  public static AgentRequest parse(String line) throws JsonException {
    Map<String, Object> body = new LinkedHashMap<>(JsonReader.readObject(line));
    Object action = body.remove("action");
    String client = optional(body.remove("client"), "client", CLIENT);
    String fingerprint =
        optional(body.remove("token_fingerprint"), "token_fingerprint", FINGERPRINT);
    if (STATE.equals(action)) {
      if (!body.isEmpty()) {
        throw new JsonException("a state request has no other fields");
      }
      return new AgentRequest(STATE, null, client, fingerprint);
    }
    if (!SWITCH.equals(action)) {
      throw new JsonException("'action' must be \"state\" or \"switch\"");
    }
    Object memory = body.remove("memory");
    SwitchRequest request = SwitchRequestBody.parse(body);
    if (memory != null) {
      request = request.withMemory(memory(memory));
    }
    return new AgentRequest(SWITCH, request, client, fingerprint);
  }

  /** The advisor's figures: six fields, byte counts not negative, labels from a short list. */
  private static MemoryFigures memory(Object value) throws JsonException {
    if (!(value instanceof Map<?, ?> m) || m.size() != 6) {
      throw new JsonException("'memory' must be an object with the advisor's six figures");
    }
    return new MemoryFigures(
        label(m.get("measured_mpm"), "measured_mpm"),
        bytes(m.get("child_bytes"), "child_bytes"),
        label(m.get("memory_source"), "memory_source"),
        bytes(m.get("parent_bytes"), "parent_bytes"),
        bytes(m.get("budget_bytes"), "budget_bytes"),
        label(m.get("budget_source"), "budget_source"));
  }

  private static long bytes(Object v, String key) throws JsonException {
    if (!(v instanceof java.math.BigDecimal n)
        || n.signum() < 0
        || n.stripTrailingZeros().scale() > 0
        || n.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new JsonException("'memory." + key + "' must be a whole number of bytes");
    }
    return n.longValueExact();
  }

  private static String label(Object v, String key) throws JsonException {
    if (!(v instanceof String s) || !LABEL.matcher(s).matches()) {
      throw new JsonException("'memory." + key + "' is not valid");
    }
    return s;
  }

  private static String optional(Object value, String key, Pattern allowed) throws JsonException {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || !allowed.matcher(s).matches()) {
      throw new JsonException("'" + key + "' is not valid");
    }
    return s;
  }
}
