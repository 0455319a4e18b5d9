package io.mpmexporter.mpm;

import io.mpmexporter.apache.ApacheCtl;
import io.mpmexporter.apache.CommandResult;
import io.mpmexporter.apache.CtlInfo;
import io.mpmexporter.apache.PollFailure;
import io.mpmexporter.apache.StatusPage;
import io.mpmexporter.log.Log;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * One switch attempt, run under {@link MpmSwitcher}'s lock: the procedure step by step, each step
 * timed and recorded, and the rollback when Apache does not come up on the target.
 */
final class SwitchAttempt {
  /** A step failed; its message is already recorded in the step list. */
  private static final class StepFailed extends Exception {
    private static final long serialVersionUID = 1L;

    StepFailed(String message) {
      super(message, null, false, false);
    }
  }

  @FunctionalInterface
  private interface Body<T> {
    T run() throws PollFailure, SwitchException, StepFailed, InterruptedException;
  }

  private final ApacheCtl ctl;
  private final ApacheProcess process;
  private final ConfigBackend backend;
  private final MpmSwitcher.StatusSource status;
  private final Duration verifyTimeout;
  private final SwitchRequest request;
  private final Instant started = Instant.now();
  private final long t0 = System.nanoTime();
  private final List<SwitchReport.Step> steps = new ArrayList<>();
  private final List<String> rolledBack = new ArrayList<>();
  private List<String> plan = List.of();
  private String from;
  private Long downtimeMs;

  SwitchAttempt(
      SwitchRequest request,
      ApacheCtl ctl,
      ApacheProcess process,
      ConfigBackend backend,
      MpmSwitcher.StatusSource status,
      Duration verifyTimeout) {
    this.request = request;
    this.ctl = ctl;
    this.process = process;
    this.backend = backend;
    this.status = status;
    this.verifyTimeout = verifyTimeout;
  }

  SwitchReport run() throws InterruptedException {
    Mpm target = request.target();
    StatusPage page;
    CtlInfo disk;
    SortedSet<String> modules;
    Path pidFile;
    try {
      page = step("status", status::fetch, p -> "running " + p.serverMpm());
      from = page.serverMpm();
      disk = step("apachectl -V", ctl::version, v -> "configured " + v.mpm());
      modules = step("apachectl -M", ctl::modules, m -> m.size() + " modules");
    } catch (StepFailed e) {
      return finish(SwitchReport.PRECONDITION_FAILED, e.getMessage());
    }
    String refusal = precondition(disk.mpm());
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
      step("configtest (current config)", this::configtest, r -> r);
      pidFile = step("pid file", process::pidFile, Path::toString);
      step(
          "parent running",
          () -> process.parent(pidFile).orElseThrow(() -> fail("no live parent in " + pidFile)),
          p -> "pid " + p.pid());
    } catch (StepFailed e) {
      return finish(SwitchReport.PRECONDITION_FAILED, e.getMessage());
    }
    if (request.dryRun()) {
      plan = plan(target);
      return finish(SwitchReport.DRY_RUN, null);
    }
    return change(target, pidFile, disk.mpm());
  }

  private SwitchReport change(Mpm target, Path pidFile, String configured)
      throws InterruptedException {
    ConfigBackend.Undo undo;
    try {
      undo = step(backend.name() + " config", () -> backend.select(target), u -> target.label());
    } catch (StepFailed e) {
      return finish(SwitchReport.REFUSED, e.getMessage());
    }
    try {
      step("configtest", this::configtest, r -> r);
    } catch (StepFailed e) {
      try {
        restoreConfig(undo);
      } catch (StepFailed restore) {
        return finish(SwitchReport.FAILED, e.getMessage() + "; " + restore.getMessage());
      }
      return finish(SwitchReport.REFUSED, e.getMessage() + "; Apache was not stopped");
    }
    long down = System.nanoTime();
    try {
      step("stop", () -> process.stop(pidFile), termed -> termed ? "after SIGTERM" : "parent gone");
      step("start", () -> process.start(pidFile), p -> "pid " + p.pid());
      verify(target.label(), down);
      return finish(SwitchReport.SWITCHED, null);
    } catch (StepFailed e) {
      return rollBack(undo, pidFile, configured, down, e.getMessage());
    }
  }

  private SwitchReport rollBack(
      ConfigBackend.Undo undo, Path pidFile, String configured, long down, String error)
      throws InterruptedException {
    try {
      restoreConfig(undo);
      if (process.parent(pidFile).isPresent()) {
        step("stop (rollback)", () -> process.stop(pidFile), t -> "parent gone");
      }
      startForRollback(pidFile);
      verify(configured, down);
      rolledBack.add("verified: serving on " + configured);
      return finish(SwitchReport.ROLLED_BACK, error);
    } catch (StepFailed e) {
      Log.error("MPM switch rollback failed: Apache may be down", "err", e.getMessage());
      return finish(SwitchReport.FAILED, error + "; rollback failed: " + e.getMessage());
    }
  }

  /**
   * Starts with the start command; if that fails and it is not apachectl's own, tries {@code
   * apachectl start}: Apache up outside a service manager beats Apache down.
   */
  private void startForRollback(Path pidFile) throws StepFailed, InterruptedException {
    try {
      step("start (rollback)", () -> process.start(pidFile), p -> "pid " + p.pid());
      rolledBack.add("started Apache on the restored config");
    } catch (StepFailed e) {
      List<String> ctlStart = ctl.command("start");
      if (process.startCommand().equals(ctlStart)) {
        throw e;
      }
      step(
          "start (rollback, " + String.join(" ", ctlStart) + ")",
          () -> process.startWith(ctlStart, pidFile),
          p -> "pid " + p.pid());
      rolledBack.add(
          "started Apache with " + String.join(" ", ctlStart) + " after the start command failed");
    }
  }

  private void restoreConfig(ConfigBackend.Undo undo) throws StepFailed, InterruptedException {
    String what = step("restore config", undo::undo, s -> s);
    rolledBack.add(what);
  }

  /** Waits until the status page names {@code mpm}, then checks {@code -V}. */
  private void verify(String mpm, long down) throws StepFailed, InterruptedException {
    step(
        "verify status",
        () -> {
          long deadline = System.nanoTime() + verifyTimeout.toNanos();
          String seen = "no answer";
          while (System.nanoTime() < deadline) {
            try {
              StatusPage p = status.fetch();
              if (downtimeMs == null) {
                downtimeMs = (System.nanoTime() - down) / 1_000_000;
              }
              if (mpm.equals(p.serverMpm())) {
                return "ServerMPM " + mpm;
              }
              seen = "ServerMPM " + p.serverMpm();
            } catch (PollFailure f) {
              seen = f.getMessage();
            }
            Thread.sleep(20);
          }
          throw fail("status page did not name " + mpm + " within " + verifyTimeout + ": " + seen);
        },
        s -> s);
    step(
        "verify apachectl -V",
        () -> {
          CtlInfo v = ctl.version();
          if (!mpm.equals(v.mpm())) {
            throw fail("-V names " + v.mpm() + ", not " + mpm);
          }
          return v;
        },
        v -> "configured " + v.mpm());
  }

  private String configtest() throws PollFailure, StepFailed, InterruptedException {
    CommandResult r = ctl.configtest();
    if (r.exitCode() != 0) {
      throw fail("apachectl -t: exit " + r.exitCode() + ": " + r.firstLines(2));
    }
    return r.firstLine();
  }

  private String precondition(String configured) {
    Mpm target = request.target();
    if (from == null) {
      return "the status page has no ServerMPM line (httpd before 2.4.13?)";
    }
    if (Mpm.byName(from).isEmpty()) {
      return "the running MPM '" + from + "' is not one this endpoint manages";
    }
    if (request.expectCurrent() != null && !request.expectCurrent().label().equals(from)) {
      return "expect_current is " + request.expectCurrent().label() + " but " + from + " runs";
    }
    if (configured == null) {
      return "apachectl -V names no MPM: the configuration on disk is broken";
    }
    if (!configured.equals(from) && !request.force()) {
      return "a change to "
          + configured
          + " is already waiting for a restart (running "
          + from
          + "); send force=true to replace it with "
          + target.label();
    }
    return null;
  }

  private List<String> plan(Mpm target) {
    List<String> p = new ArrayList<>(backend.plan(target));
    p.add(String.join(" ", ctl.command("-t")));
    p.add(String.join(" ", process.stopCommand()) + ", then wait for the parent to exit");
    p.add(String.join(" ", process.startCommand()));
    p.add("verify ServerMPM and apachectl -V name " + target.label());
    return p;
  }

  private <T> T step(String name, Body<T> body, Function<T, String> detail)
      throws StepFailed, InterruptedException {
    long s = System.nanoTime();
    try {
      T value = body.run();
      steps.add(new SwitchReport.Step(name, ms(s), true, detail.apply(value)));
      return value;
    } catch (PollFailure | SwitchException | StepFailed e) {
      steps.add(new SwitchReport.Step(name, ms(s), false, e.getMessage()));
      throw new StepFailed(name + ": " + e.getMessage());
    }
  }

  private StepFailed fail(String message) {
    return new StepFailed(message);
  }

  SwitchReport finish(String result, String error) {
    return new SwitchReport(
        result,
        from,
        request.target().label(),
        request.dryRun(),
        request.force(),
        request.reason(),
        started,
        ms(t0),
        downtimeMs,
        steps,
        plan,
        rolledBack,
        error);
  }

  private static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
