package io.mpmexporter.mpm;

import io.mpmexporter.log.Log;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one switch attempt, as the API returns it and the audit log records it.
 *
 * @param result one of {@link #RESULTS}
 * @param from the MPM running before (null when unknown)
 * @param downtimeMs from the stop command until the status page answered again; null when Apache
 *     was not stopped
 * @param plan what a dry run would do (empty otherwise)
 * @param rolledBack what was restored after a failure, in order
 * @param strategy restart or handover, once chosen (null before)
 * @param strategyReason why that one
 * @param capacity the concurrent requests before and after ({@link Capacity#toMap()}), null when
 *     the switch stopped before they were read
 */
public record SwitchReport(
    String result,
    String from,
    String to,
    boolean dryRun,
    boolean force,
    String reason,
    String strategy,
    String strategyReason,
    Instant started,
    long durationMs,
    Long downtimeMs,
    List<Step> steps,
    List<String> plan,
    List<String> rolledBack,
    String error,
    Map<String, Object> capacity) {

  public static final String SWITCHED = "switched";
  public static final String UNCHANGED = "unchanged";
  public static final String DRY_RUN = "dry_run";
  public static final String BUSY = "busy";
  public static final String PRECONDITION_FAILED = "precondition_failed";
  public static final String INCOMPATIBLE_MODULE = "incompatible_module";

  /** The target would serve fewer concurrent requests and the request did not say keep/accept. */
  public static final String CAPACITY_DROP = "capacity_drop";

  /** prefork's worst case does not fit the advisor's memory budget, and no force. */
  public static final String MEMORY_OVERCOMMIT = "memory_overcommit";

  public static final String REFUSED = "refused";
  public static final String ROLLED_BACK = "rolled_back";
  public static final String FAILED = "failed";

  /** Every result, for the pre-initialized switch counter. */
  public static final List<String> RESULTS =
      List.of(
          SWITCHED,
          UNCHANGED,
          DRY_RUN,
          BUSY,
          PRECONDITION_FAILED,
          INCOMPATIBLE_MODULE,
          CAPACITY_DROP,
          MEMORY_OVERCOMMIT,
          REFUSED,
          ROLLED_BACK,
          FAILED);

  /** One step of the procedure and how long it took. */
  public record Step(String name, long ms, boolean ok, String detail) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("step", name);
      m.put("ms", ms);
      m.put("ok", ok);
      m.put("detail", detail);
      return m;
    }
  }

  public SwitchReport {
    steps = List.copyOf(steps);
    plan = List.copyOf(plan);
    rolledBack = List.copyOf(rolledBack);
    capacity = capacity == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(capacity));
  }

  /** Logs the outcome in one line (info): result, from, to, downtime and error. */
  public void log(String message) {
    Log.info(
        message,
        "result",
        result,
        "from",
        from,
        "to",
        to,
        "downtime_ms",
        downtimeMs,
        "err",
        error == null ? "" : error);
  }

  /** The report as JSON-ready maps and lists, keys in a stable order. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("result", result);
    m.put("from", from);
    m.put("to", to);
    m.put("dry_run", dryRun);
    m.put("force", force);
    m.put("reason", reason);
    m.put("strategy", strategy);
    m.put("strategy_reason", strategyReason);
    m.put("started", started.toString());
    m.put("duration_ms", durationMs);
    m.put("downtime_ms", downtimeMs);
    m.put("steps", steps.stream().map(Step::toMap).toList());
    if (dryRun) {
      m.put("plan", plan);
    }
    if (capacity != null) {
      m.put("capacity", capacity);
    }
    m.put("rolled_back", rolledBack);
    m.put("error", error);
    return m;
  }
}
