package io.mpmexporter.mpm;

import io.mpmexporter.apache.CtlInfo;
import io.mpmexporter.log.Log;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finishes or undoes a switch whose agent died: reads the write-ahead record the switch left and
 * brings Apache to a state that serves, on a config that passes configtest, with the running MPM
 * the configured one. The target is kept only when the main server had come up on it and it still
 * checks out; otherwise the previous MPM's config is restored and the main server started on it
 * (stopped first if the switch had touched it). A bridge left from a hand-over is stopped last,
 * once the main server serves. Every step is idempotent: a recovery cut off in turn is run again.
 */
final class Recovery {
  /** How long a recovery waits for the status page to name the MPM it restored. */
  private final Duration verifyTimeout;

  private final SwitchCommands commands;
  private final ApacheProcess process;
  private final ConfigBackend backend;
  private final MpmSwitcher.StatusSource status;
  private final Steps steps = new Steps();
  private final List<String> actions = new ArrayList<>();

  Recovery(
      SwitchCommands commands,
      ApacheProcess process,
      ConfigBackend backend,
      MpmSwitcher.StatusSource status,
      Duration verifyTimeout) {
    this.commands = commands;
    this.process = process;
    this.backend = backend;
    this.status = status;
    this.verifyTimeout = verifyTimeout;
  }

  /** What a recovery did: kept the target, restored the previous MPM, or failed. */
  record Outcome(String result, String mpm, List<String> actions, List<SwitchReport.Step> steps) {
    static final String KEPT = "recovered_kept_target";
    static final String RESTORED = "recovered_restored_previous";
    static final String FAILED = "recovery_failed";

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("result", result);
      m.put("serving", mpm);
      m.put("actions", actions);
      m.put("steps", steps.stream().map(SwitchReport.Step::toMap).toList());
      return m;
    }
  }

  Outcome run(Map<String, Object> record) throws InterruptedException {
    Mpm from = mpm(record, "from");
    Mpm to = mpm(record, "to");
    String phase = String.valueOf(record.get("phase"));
    Path pidFile = Path.of(String.valueOf(record.get("pid_file")));
    Object bridgePid = record.get("bridge_pid_file");
    Optional<Bridge> bridge =
        bridgePid == null
            ? Optional.empty()
            : Optional.of(Bridge.existing(commands, process, Path.of(bridgePid.toString())));
    if (from == null || to == null) {
      return new Outcome(
          Outcome.FAILED, null, List.of("the record names no from/to MPM"), List.of());
    }
    try {
      if (Journal.MAIN_ON_TARGET.contains(phase) && keepable(pidFile, to)) {
        finish(bridge, to);
        actions.add("kept " + to.label() + ": the main server had come up on it");
        return new Outcome(Outcome.KEPT, to.label(), actions, steps.list());
      }
      restore(from, phase, pidFile, record);
      finish(bridge, from);
      return new Outcome(Outcome.RESTORED, from.label(), actions, steps.list());
    } catch (Steps.StepFailed e) {
      Log.error("switch recovery failed: check Apache", "err", e.getMessage());
      actions.add("failed: " + e.getMessage());
      return new Outcome(Outcome.FAILED, null, actions, steps.list());
    }
  }

  /** The main server runs, the config on disk names the target and passes configtest. */
  private boolean keepable(Path pidFile, Mpm to) throws InterruptedException {
    if (process.parent(pidFile).isEmpty()) {
      return false;
    }
    try {
      CtlInfo v = steps.run("apachectl -V", commands::version, i -> "configured " + i.mpm());
      if (!to.label().equals(v.mpm())) {
        return false;
      }
      steps.run("configtest", () -> ApacheChecks.configtest(commands), r -> r);
      return true;
    } catch (Steps.StepFailed e) {
      return false;
    }
  }

  /** The previous MPM's config, then the main server on it. */
  private void restore(Mpm from, String phase, Path pidFile, Map<String, Object> record)
      throws Steps.StepFailed, InterruptedException {
    steps.run(backend.name() + " config", () -> backend.select(from), u -> from.label());
    actions.add("config: " + from.label());
    if (record.get("capacity_override") != null && backend.capacityOverride() != null) {
      Object before = record.get("capacity_override_before");
      boolean enabled = Boolean.TRUE.equals(record.get("capacity_override_enabled_before"));
      actions.add(
          steps.run(
              "capacity override",
              () ->
                  backend
                      .capacityOverride()
                      .restore(before == null ? null : before.toString(), enabled),
              r -> r));
    }
    steps.run("configtest", () -> ApacheChecks.configtest(commands), r -> r);
    boolean untouched = Journal.MAIN_UNTOUCHED.contains(phase);
    if (process.parent(pidFile).isPresent() && !untouched) {
      // It may be stopping (a graceful stop held open) or running the target: a full stop first.
      steps.run("stop", () -> process.stop(pidFile), t -> t ? "after SIGTERM" : "parent gone");
      actions.add("stopped the main server (the switch had stopped or restarted it)");
    }
    if (process.parent(pidFile).isEmpty()) {
      start(pidFile);
    }
  }

  /** Starts through the start command (systemd's unit), again after reset-failed if need be. */
  private void start(Path pidFile) throws Steps.StepFailed, InterruptedException {
    try {
      steps.run("start", () -> process.start(pidFile), p -> "pid " + p.pid());
    } catch (Steps.StepFailed e) {
      if (process.resetCommand().isEmpty()) {
        throw e;
      }
      ApacheChecks.resetAndStart(steps, process, commands, pidFile, "start (again)");
    }
    actions.add("started the main server");
  }

  /** -V names {@code mpm}; the bridge (if any) is stopped; the status page names {@code mpm}. */
  private void finish(Optional<Bridge> bridge, Mpm mpm)
      throws Steps.StepFailed, InterruptedException {
    steps.run(
        "verify apachectl -V",
        () -> ApacheChecks.configured(commands, mpm.label()),
        v -> "configured " + v.mpm());
    if (bridge.isPresent() && bridge.get().running()) {
      steps.run("graceful-stop bridge", () -> stopBridge(bridge.get()), s -> s);
      actions.add("stopped the bridge");
    }
    steps.run(
        "verify status",
        () -> ApacheChecks.awaitStatus(status, mpm.label(), verifyTimeout, () -> {}),
        s -> s);
    actions.add("verified: serving on " + mpm.label());
  }

  private static String stopBridge(Bridge bridge) throws SwitchException, InterruptedException {
    bridge.stop();
    return "parent gone";
  }

  private static Mpm mpm(Map<String, Object> record, String key) {
    Object v = record.get(key);
    return v == null ? null : Mpm.byName(v.toString()).orElse(null);
  }

  /** The audit line of an interrupted switch, before the recovery touches anything. */
  static Map<String, Object> interrupted(Map<String, Object> record) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", Instant.now().toString());
    m.put("result", "interrupted");
    m.put("switch_id", record.get("id"));
    m.put("from", record.get("from"));
    m.put("to", record.get("to"));
    m.put("strategy", record.get("strategy"));
    m.put("phase", record.get("phase"));
    m.put("phases", record.get("phases"));
    m.put("recoveries", record.get("recoveries"));
    return m;
  }
}
