package io.mpmexporter.apache;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One parsed {@code server-status?auto} body. Text fields are null when the server did not print
 * them (2.2 and pre-2.4.13 servers print no server name, ServerVersion or ServerMPM).
 *
 * @param balancerMembers proxy balancer members ({@code ProxyStatus On}), empty when none
 * @param sessionCache mod_ssl's session cache block, null when the page has none
 * @param managedDomains mod_md's block ({@code MDServerStatus on}), null when the page has none
 */
public record StatusPage(
    String serverName,
    String serverVersion,
    String serverMpm,
    String serverBuilt,
    String restartTime,
    Map<StatusField, Double> values,
    String scoreboard,
    List<BalancerMember> balancerMembers,
    SessionCache sessionCache,
    ManagedDomains managedDomains) {

  public StatusPage {
    Objects.requireNonNull(scoreboard, "scoreboard");
    balancerMembers = List.copyOf(balancerMembers);
    EnumMap<StatusField, Double> copy = new EnumMap<>(StatusField.class);
    copy.putAll(values);
    values = Collections.unmodifiableMap(copy);
  }

  /** The value of a numeric field, empty when the page lacked it or it was not a number. */
  public OptionalDouble get(StatusField field) {
    Double v = values.get(field);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  public boolean has(StatusField field) {
    return values.containsKey(field);
  }

  /** Counts of each scoreboard character, in {@link ScoreboardState} order. */
  public Map<ScoreboardState, Integer> scoreboardCounts() {
    return ScoreboardState.count(scoreboard);
  }
}
