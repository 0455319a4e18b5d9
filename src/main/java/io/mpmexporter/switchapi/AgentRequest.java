package io.mpmexporter.switchapi;

import io.mpmexporter.json.JsonException;
import io.mpmexporter.json.JsonReader;
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
    return new AgentRequest(SWITCH, SwitchRequestBody.parse(body), client, fingerprint);
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
