package io.mpmexporter.switchapi;

import io.mpmexporter.mpm.SwitchReport;
import java.util.List;
import java.util.Map;

/**
 * The switch agent's answer to {@code {"action":"state"}}.
 *
 * @param backend how the agent changes the MPM on disk (debian, rhel)
 * @param allowed the MPMs a switch may ask for
 * @param handoverReady null when the agent could not tell (no probe)
 * @param tcpMigrateReq the sysctl's value, null when the kernel has none or nothing was probed
 * @param readiness why the hand-over is or is not ready, null when nothing was probed
 * @param lastSwitch null before the first switch this agent ran
 * @param lastRecovery the audit line of the last recovery of an interrupted switch, as written;
 *     null when none ran
 * @param started when the agent started (ISO-8601)
 */
public record AgentState(
    AgentSetup setup,
    String backend,
    List<String> allowed,
    boolean switchInProgress,
    Boolean handoverReady,
    Integer tcpMigrateReq,
    String readiness,
    SwitchReport lastSwitch,
    boolean recovering,
    Map<String, Object> lastRecovery,
    long pid,
    String started,
    long requestsServed,
    long refusedPeers,
    long badRequests) {

  public AgentState {
    allowed = List.copyOf(allowed);
  }
}
