package io.mpmexporter.mpm;

import io.mpmexporter.apache.CtlInfo;
import io.mpmexporter.apache.StatusPage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * One switch attempt, run under {@link MpmSwitcher}'s lock: the procedure step by step, each step
 * timed and recorded, and the rollback when Apache does not come up on the target.
 */
final class SwitchAttempt {
  private final SwitchCommands commands;
  private final ApacheProcess process;
  private final ConfigBackend backend;
  private final MpmSwitcher.StatusSource status;
  private final Duration verifyTimeout;
  private final HandoverSetup handover;
  private final Journal journal;
  private final SwitchRequest request;
  private final Instant started = Instant.now();
  private final long t0 = System.nanoTime();
  private final Steps steps = new Steps();
  private final List<String> rolledBack = new ArrayList<>();
  private List<String> plan = List.of();
  private String from;
  private Long downtimeMs;
  private Strategy strategy;
  private String strategyReason;
  private final CapacityCheck capacityCheck;
  private Capacity capacity;

  SwitchAttempt(
      SwitchRequest request,
      SwitchCommands commands,
      ApacheProcess process,
      ConfigBackend backend,
      MpmSwitcher.StatusSource status,
      Duration verifyTimeout,
      HandoverSetup handover,
      Journal journal) {
    this.request = request;
    this.journal = journal;
    this.commands = commands;
    this.process = process;
    this.backend = backend;
    this.status = status;
    this.verifyTimeout = verifyTimeout;
    this.handover = handover;
    this.capacityCheck = new CapacityCheck(commands, backend.capacityOverride());
  }

  SwitchReport run() throws InterruptedException {
    Mpm target = request.target();
    StatusPage page;
    CtlInfo disk;
    SortedSet<String> modules;
    Path pidFile;
    try {
      page = steps.run("status", status::fetch, p -> "running " + p.serverMpm());
      from = page.serverMpm();
      disk = steps.run("apachectl -V", commands::version, v -> "configured " + v.mpm());
      modules = steps.run("apachectl -M", commands::modules, m -> m.size() + " modules");
    } catch (Steps.StepFailed e) {
      return finish(SwitchReport.PRECONDITION_FAILED, e.getMessage());
    }
    String refusal = Preflight.precondition(request, from, disk.mpm());
    if (refusal != null) {
      return finish(SwitchReport.PRECONDITION_FAILED, refusal);
    }
    if (target.label().equals(from) && target.label().equals(disk.mpm())) {
      return finish(SwitchReport.UNCHANGED, null);
    }
    Optional<String> module = Preflight.incompatibleModule(modules, target);
    if (module.isPresent()) {
      return finish(
          SwitchReport.INCOMPATIBLE_MODULE,
          module.get()
              + " is loaded and is not thread-safe: it cannot run on the threaded MPM "
              + target.label()
              + "; nothing was changed");
    }
    try {
      capacity =
          steps.run(
              "capacity",
              () -> capacityCheck.read(from, disk, request),
              c -> c.from().maxRequestWorkers() + " -> " + c.to().maxRequestWorkers());
    } catch (Steps.StepFailed e) {
      return finish(SwitchReport.PRECONDITION_FAILED, e.getMessage());
    }
    String[] no = CapacityCheck.refusal(capacity, request);
    if (no != null) {
      return finish(no[0], no[1]);
    }
    try {
      steps.run("configtest (current config)", this::configtest, r -> r);
      pidFile = steps.run("pid file", process::pidFile, Path::toString);
      steps.run(
          "parent running",
          () ->
              process.parent(pidFile).orElseThrow(() -> Steps.fail("no live parent in " + pidFile)),
          p -> "pid " + p.pid());
    } catch (Steps.StepFailed e) {
      return finish(SwitchReport.PRECONDITION_FAILED, e.getMessage());
    }
    StrategyChoice choice = StrategyChoice.choose(request.strategy(), handover, steps);
    if (choice.refusal() != null) {
      return finish(SwitchReport.PRECONDITION_FAILED, choice.refusal());
    }
    strategy = choice.strategy();
    strategyReason = choice.reason();
    if (request.dryRun()) {
      plan = plan(target);
      return finish(SwitchReport.DRY_RUN, null);
    }
    return change(target, pidFile, disk.mpm(), modules);
  }

  private SwitchReport change(
      Mpm target, Path pidFile, String configured, SortedSet<String> modules)
      throws InterruptedException {
    try {
      steps.run("write-ahead record", () -> begin(pidFile, configured), s -> s);
    } catch (Steps.StepFailed e) {
      return finish(SwitchReport.REFUSED, e.getMessage() + "; nothing was changed");
    }
    ConfigBackend.Undo undo;
    try {
      undo =
          steps.run(backend.name() + " config", () -> backend.select(target), u -> target.label());
    } catch (Steps.StepFailed e) {
      return finish(SwitchReport.REFUSED, e.getMessage());
    }
    try {
      CapacityCheck.Kept kept =
          steps.run(
              "capacity override",
              () -> capacityCheck.keep(capacity),
              k -> k.capacity().override() == null ? "none" : k.capacity().override());
      capacity = kept.capacity();
      undo = kept.undo() == null ? undo : both(kept.undo(), undo);
    } catch (Steps.StepFailed e) {
      return refuse(undo, e);
    }
    phase(Journal.CONFIG_CHANGED);
    try {
      steps.run("configtest", this::configtest, r -> r);
    } catch (Steps.StepFailed e) {
      return refuse(undo, e);
    }
    if (strategy == Strategy.HANDOVER) {
      return new Handover(this, steps, process, handover, target, commands)
          .run(pidFile, configured, undo, modules.contains("ssl_module"));
    }
    return new Restart(this, steps, process, commands).run(target, pidFile, configured, undo);
  }

  /** The config put back after a failure before Apache was touched: refused, or failed. */
  private SwitchReport refuse(ConfigBackend.Undo undo, Steps.StepFailed e)
      throws InterruptedException {
    try {
      restoreConfig(undo);
    } catch (Steps.StepFailed restore) {
      return finish(SwitchReport.FAILED, e.getMessage() + "; " + restore.getMessage());
    }
    return finish(SwitchReport.REFUSED, e.getMessage() + "; Apache was not stopped");
  }

  /** The override's undo, then the backend's. */
  private static ConfigBackend.Undo both(ConfigBackend.Undo first, ConfigBackend.Undo then) {
    return () -> first.undo() + "; " + then.undo();
  }

  /** The intent, on disk before the config changes: what a recovery needs to finish or undo. */
  private String begin(Path pidFile, String configured) throws SwitchException {
    Map<String, Object> intent = new LinkedHashMap<>();
    intent.put("from", from);
    intent.put("to", request.target().label());
    intent.put("configured", configured);
    intent.put("strategy", strategy.label());
    intent.put("pid_file", pidFile.toString());
    intent.put("reason", request.reason());
    intent.putAll(capacityCheck.intent(capacity));
    journal.begin(intent);
    return "intent recorded";
  }

  void phase(String phase) {
    journal.phase(phase);
  }

  void phase(String phase, Map<String, Object> facts) {
    journal.phase(phase, facts);
  }

  void restoreConfig(ConfigBackend.Undo undo) throws Steps.StepFailed, InterruptedException {
    String what = steps.run("restore config", undo::undo, s -> s);
    rolledBack.add(what);
  }

  /** Waits until the status page names {@code mpm}, then checks {@code -V}. */
  void verify(String mpm, long down) throws Steps.StepFailed, InterruptedException {
    verifyStatus("verify status", status, mpm, down);
    verifyCtl(mpm);
  }

  /**
   * Waits until {@code source} names {@code mpm}; the first answer at all ends the downtime that
   * began at {@code down} (0: none is measured).
   */
  void verifyStatus(String name, MpmSwitcher.StatusSource source, String mpm, long down)
      throws Steps.StepFailed, InterruptedException {
    Runnable answered =
        () -> {
          if (downtimeMs == null && down != 0) {
            downtimeMs = (System.nanoTime() - down) / 1_000_000;
          }
        };
    steps.run(name, () -> ApacheChecks.awaitStatus(source, mpm, verifyTimeout, answered), s -> s);
  }

  void verifyCtl(String mpm) throws Steps.StepFailed, InterruptedException {
    steps.run(
        "verify apachectl -V",
        () -> ApacheChecks.configured(commands, mpm),
        v -> "configured " + v.mpm());
  }

  void rolledBack(String what) {
    rolledBack.add(what);
  }

  /** The port never lacked a listener: a hand-over that ended serving counts no downtime. */
  void noDowntime() {
    downtimeMs = 0L;
  }

  private String configtest() throws SwitchException, Steps.StepFailed, InterruptedException {
    return ApacheChecks.configtest(commands);
  }

  private List<String> plan(Mpm target) {
    List<String> p = new ArrayList<>(backend.plan(target));
    p.addAll(capacityCheck.plan(capacity));
    p.add(String.join(" ", commands.command("-t")));
    if (strategy == Strategy.HANDOVER) {
      p.add(
          "start a bridge of " + target.label() + " on the same port (SO_REUSEPORT) and verify it");
      p.add(String.join(" ", handover.gracefulStop()) + ", then wait for the parent to exit");
    } else {
      p.add(String.join(" ", process.stopCommand()) + ", then wait for the parent to exit");
    }
    p.add(String.join(" ", process.startCommand()));
    p.add("verify ServerMPM and apachectl -V name " + target.label());
    if (strategy == Strategy.HANDOVER) {
      p.add("graceful-stop the bridge");
    }
    return p;
  }

  SwitchReport finish(String result, String error) {
    return new SwitchReport(
        result,
        from,
        request.target().label(),
        request.dryRun(),
        request.force(),
        request.reason(),
        strategy == null ? null : strategy.label(),
        strategyReason,
        started,
        Steps.ms(t0),
        downtimeMs,
        steps.list(),
        plan,
        rolledBack,
        error,
        capacity == null ? null : capacity.toMap());
  }
}
