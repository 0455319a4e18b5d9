package io.mpmexporter.switchapi;

import io.mpmexporter.json.JsonException;
import io.mpmexporter.mpm.CapacityChoice;
import io.mpmexporter.mpm.Mpm;
import io.mpmexporter.mpm.Strategy;
import io.mpmexporter.mpm.SwitchRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the body of {@code POST /admin/mpm} (and of the agent's switch request) into a {@link
 * SwitchRequest}: {@code {"mpm":"prefork","dry_run":false,"force":false,"expect_current":"event",
 * "reason":"...","strategy":"handover","capacity":"keep"}}, only {@code mpm} required. The API's
 * contract lives here, not in the switch.
 */
public final class SwitchRequestBody {
  private static final int MAX_REASON = SwitchRequest.MAX_REASON;
  private static final Set<String> FIELDS =
      Set.of("mpm", "dry_run", "force", "expect_current", "reason", "strategy", "capacity");

  private SwitchRequestBody() {}

  /**
   * Checks a parsed JSON object against the contract.
   *
   * @throws JsonException with a message for the client: unknown field, wrong type, MPM outside the
   *     allow-list, reason too long or with control characters
   */
  public static SwitchRequest parse(Map<String, Object> body) throws JsonException {
    for (String key : body.keySet()) {
      if (!FIELDS.contains(key)) {
        throw new JsonException("unknown field '" + printable(key) + "'");
      }
    }
    if (!body.containsKey("mpm")) {
      throw new JsonException("missing field 'mpm' (one of " + Mpm.NAMES + ")");
    }
    Mpm target = mpm(body, "mpm");
    Mpm expect = body.containsKey("expect_current") ? mpm(body, "expect_current") : null;
    String reason = null;
    if (body.containsKey("reason")) {
      if (!(body.get("reason") instanceof String s)) {
        throw new JsonException("'reason' must be a string");
      }
      if (s.length() > MAX_REASON || s.chars().anyMatch(Character::isISOControl)) {
        throw new JsonException(
            "'reason' must be at most " + MAX_REASON + " characters, without control characters");
      }
      reason = s;
    }
    Strategy strategy = oneOf(body, "strategy", Strategy.NAMES, Strategy::byName, null);
    CapacityChoice capacity =
        oneOf(body, "capacity", CapacityChoice.NAMES, CapacityChoice::byName, CapacityChoice.CHECK);
    return new SwitchRequest(
        target,
        bool(body, "dry_run"),
        bool(body, "force"),
        expect,
        reason,
        strategy,
        capacity,
        null);
  }

  /** A field that names one of a few choices, {@code absent} when it is not there. */
  private static <T> T oneOf(
      Map<String, Object> body,
      String key,
      List<String> names,
      Function<String, Optional<T>> byName,
      T absent)
      throws JsonException {
    if (!body.containsKey(key)) {
      return absent;
    }
    if (!(body.get(key) instanceof String s)) {
      throw new JsonException("'" + key + "' must be a string: one of " + names);
    }
    Optional<T> value = byName.apply(s);
    if (value.isEmpty()) {
      throw new JsonException(
          "'" + key + "' must be one of " + names + ", not '" + printable(s) + "'");
    }
    return value.get();
  }

  private static Mpm mpm(Map<String, Object> body, String key) throws JsonException {
    if (!(body.get(key) instanceof String s)) {
      throw new JsonException("'" + key + "' must be a string: one of " + Mpm.NAMES);
    }
    return Mpm.byName(s)
        .orElseThrow(
            () ->
                new JsonException(
                    "'" + key + "' must be one of " + Mpm.NAMES + ", not '" + printable(s) + "'"));
  }

  private static boolean bool(Map<String, Object> body, String key) throws JsonException {
    Object v = body.get(key);
    if (v == null && !body.containsKey(key)) {
      return false;
    }
    if (!(v instanceof Boolean b)) {
      throw new JsonException("'" + key + "' must be true or false");
    }
    return b;
  }

  /** Echoes client text back safely: short, no control characters. */
  private static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return cut.codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}
