package io.mpmexporter.admin;

import io.mpmexporter.log.Log;
import io.mpmexporter.mpm.MemoryFigures;
import io.mpmexporter.mpm.Mpm;
import io.mpmexporter.mpm.SwitchReport;
import io.mpmexporter.mpm.SwitchRequest;
import io.mpmexporter.poll.Snapshot;
import io.mpmexporter.switchapi.AgentAnswer;
import io.mpmexporter.switchapi.AgentClient;
import io.mpmexporter.switchapi.AgentRequest;
import io.mpmexporter.switchapi.AgentState;
import io.mpmexporter.switchapi.SwitchCodec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The admin API's service, behind the HTTP checks of {@link AdminHandler}: the MPM state (the
 * latest poll and the switch agent's own state) and a switch, forwarded to the agent, whose outcome
 * becomes an HTTP status, a counter and the audit fields.
 */
public final class MpmAdmin {
  /** The result when the agent cannot be reached or would not take the request: nothing changed. */
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

  private final AgentClient agent;
  private final Supplier<Snapshot> snapshot;
  private final AdminMetrics metrics;
  private final Runnable refresh;
  private final Consumer<AgentState> agentState;
  private final Supplier<MemoryFigures> memory;

  /** A service without the advisor's figures. */
  MpmAdmin(
      AgentClient agent,
      Supplier<Snapshot> snapshot,
      AdminMetrics metrics,
      Runnable refresh,
      Consumer<AgentState> agentState) {
    this(agent, snapshot, metrics, refresh, agentState, () -> null);
  }

  /**
   * @param refresh runs after a switch that touched Apache, so the next scrape shows the result
   * @param agentState receives every state answer of the agent (for the readiness metrics)
   * @param memory the advisor's latest figures, handed to the agent with a switch (null: none)
   */
  MpmAdmin(
      AgentClient agent,
      Supplier<Snapshot> snapshot,
      AdminMetrics metrics,
      Runnable refresh,
      Consumer<AgentState> agentState,
      Supplier<MemoryFigures> memory) {
    this.memory = memory;
    this.agent = agent;
    this.snapshot = snapshot;
    this.metrics = metrics;
    this.refresh = refresh;
    this.agentState = agentState;
  }

  /** The MPM state from the latest poll, and the agent's own state (or why it cannot be had). */
  AdminReply state() throws InterruptedException {
    Snapshot s = snapshot.get();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("running", s.runningMpm());
    m.put("configured", s.configuredMpm());
    m.put("restart_pending", s.restartPending());
    m.put("allowed", Mpm.NAMES);
    Map<String, Object> a;
    try {
      AgentState state = agent.state(STATE_DEADLINE);
      agentState.accept(state);
      a = SwitchCodec.encode(state);
    } catch (AgentClient.AgentException e) {
      a = new LinkedHashMap<>();
      a.put("socket", agent.socket().toString());
      a.put("error", e.getMessage());
    }
    for (String key :
        new String[] {
          "backend",
          "handover_ready",
          "tcp_migrate_req",
          "switch_in_progress",
          "last_switch",
          "recovering",
          "last_recovery"
        }) {
      m.put(key, a.get(key));
    }
    a.remove("last_switch");
    a.remove("last_recovery");
    m.put("agent", a);
    return new AdminReply(200, m);
  }

  /**
   * Forwards a switch to the agent on behalf of {@code client}; {@code entry} (the audit line)
   * receives the request and the outcome.
   */
  AdminReply switchMpm(
      SwitchRequest request, String client, String fingerprint, Map<String, Object> entry)
      throws InterruptedException {
    entry.put("to", request.target().label());
    entry.put("dry_run", request.dryRun());
    entry.put("force", request.force());
    entry.put("reason", request.reason());
    entry.put("capacity", request.capacity().label());
    MemoryFigures figures = memory.get();
    SwitchRequest sent = figures == null ? request : request.withMemory(figures);
    AgentAnswer answer;
    try {
      answer = agent.switchMpm(AgentRequest.switchMpm(sent, client, fingerprint), SWITCH_DEADLINE);
    } catch (AgentClient.AgentException e) {
      if (e.sent()) {
        metrics.switchAttempt(AGENT_LOST);
        Log.error("MPM switch: lost the switch agent mid-request", "err", e.getMessage());
        return AdminReply.reject(
            entry,
            502,
            AGENT_LOST,
            e.getMessage()
                + "; the switch may have started: Apache's state is unknown until the agent has"
                + " recovered it (GET "
                + AdminHandler.PATH
                + " shows the recovery)");
      }
      metrics.switchAttempt(AGENT_UNAVAILABLE);
      Log.error("MPM switch: the switch agent is unavailable", "err", e.getMessage());
      return AdminReply.reject(
          entry, 503, AGENT_UNAVAILABLE, e.getMessage() + "; nothing was changed");
    }
    if (answer instanceof AgentAnswer.Refusal r) {
      metrics.switchAttempt(AGENT_UNAVAILABLE);
      Log.error("MPM switch: the switch agent refused the request", "err", r.error());
      return AdminReply.reject(
          entry,
          503,
          AGENT_UNAVAILABLE,
          "the switch agent refused the request: " + r.error() + "; nothing was changed");
    }
    SwitchReport report = ((AgentAnswer.Report) answer).report();
    // The agent's result labels a counter: only the ones we know.
    String result =
        SwitchReport.RESULTS.contains(report.result()) ? report.result() : SwitchReport.FAILED;
    metrics.switchAttempt(result);
    if (report.downtimeMs() != null) {
      refresh.run();
    }
    Map<String, Object> body = SwitchCodec.encode(answer);
    entry.putAll(body);
    entry.remove("started");
    report.log("MPM switch attempt");
    return new AdminReply(httpStatus(result), body);
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
}
