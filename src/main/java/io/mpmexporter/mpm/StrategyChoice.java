package io.mpmexporter.mpm;

/**
 * How a switch replaces the running server: the request's strategy, or a hand-over when the running
 * server is ready for one ({@code SO_REUSEPORT} on its listener), else a restart.
 *
 * @param refusal why a requested hand-over cannot run, null when the switch may go on
 */
record StrategyChoice(Strategy strategy, String reason, String refusal) {

  /**
   * @param requested null: choose
   * @param handover null when the agent has no hand-over set up
   */
  static StrategyChoice choose(Strategy requested, HandoverSetup handover, Steps steps)
      throws InterruptedException {
    HandoverReadiness ready = null;
    if (handover != null) {
      try {
        ready =
            steps.run(
                "handover readiness",
                handover::readiness,
                r -> r.detail() + ", tcp_migrate_req " + r.migrateReq());
      } catch (Steps.StepFailed e) {
        ready = null;
      }
    }
    boolean canHandOver = ready != null && ready.reusePort();
    String why =
        handover == null
            ? "this agent has no hand-over set up"
            : ready == null ? "readiness unknown" : ready.detail();
    if (requested == Strategy.HANDOVER && !canHandOver) {
      return new StrategyChoice(null, null, "strategy handover: " + why);
    }
    Strategy strategy;
    String reason;
    if (requested != null) {
      strategy = requested;
      reason = "requested";
    } else {
      strategy = canHandOver ? Strategy.HANDOVER : Strategy.RESTART;
      reason = (canHandOver ? "ready: " : "not ready for a hand-over: ") + why;
    }
    if (strategy == Strategy.HANDOVER && ready.migrateReq() != null && ready.migrateReq() != 1) {
      reason +=
          "; net.ipv4.tcp_migrate_req is 0: connections queued on the old listener when it closes"
              + " are reset";
    }
    return new StrategyChoice(strategy, reason, null);
  }
}
