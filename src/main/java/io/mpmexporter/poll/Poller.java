package io.mpmexporter.poll;

import io.mpmexporter.apache.ApacheCtl;
import io.mpmexporter.apache.ConfigTest;
import io.mpmexporter.apache.CtlInfo;
import io.mpmexporter.apache.PollFailure;
import io.mpmexporter.apache.RunConfig;
import io.mpmexporter.apache.StatusClient;
import io.mpmexporter.apache.StatusPage;
import io.mpmexporter.base.DaemonThreads;
import io.mpmexporter.log.Log;
import java.time.Duration;
import java.util.SortedSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Polls the status page every {@code interval} and {@code apachectl -V}/{@code -M}/{@code -t} every
 * {@code ctlInterval} (and at once after Apache restarted), each on its own thread so a slow
 * apachectl never delays the status. Scrapes only read {@link #snapshot()}. Without an {@link
 * ApacheCtl} (null: {@code --apache.ctl=}) only the status page is polled.
 */
public final class Poller implements AutoCloseable {
  private final StatusClient statusClient;
  private final ApacheCtl ctl;
  private final Duration interval;
  private final Duration ctlInterval;
  private final LongSupplier clock;
  private final ScheduledExecutorService statusThread = single("poll-status");
  private final ScheduledExecutorService ctlThread = single("poll-ctl");
  private final AtomicBoolean ctlQueued = new AtomicBoolean();
  private final Object lock = new Object();
  private volatile Snapshot snapshot = Snapshot.empty();
  private final boolean readRunConfig;
  private volatile PollResult<RunConfig> runConfig;

  /**
   * @param readRunConfig also run {@code apachectl -t -D DUMP_RUN_CFG} after {@code -V} and {@code
   *     -M} (the advisor needs the pid file and ServerRoot); on the same thread, so at most one
   *     apachectl runs at a time
   */
  public Poller(
      StatusClient statusClient,
      ApacheCtl ctl,
      Duration interval,
      Duration ctlInterval,
      LongSupplier clock,
      boolean readRunConfig) {
    this.readRunConfig = readRunConfig;
    this.statusClient = statusClient;
    this.ctl = ctl;
    this.interval = interval;
    this.ctlInterval = ctlInterval;
    this.clock = clock;
  }

  /** Starts both schedules; the first polls run at once. */
  public void start() {
    statusThread.scheduleAtFixedRate(this::pollStatus, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    if (ctl != null) {
      ctlThread.scheduleWithFixedDelay(
          this::pollCtl, 0, ctlInterval.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /**
   * The last {@code apachectl -t -D DUMP_RUN_CFG} (where Apache runs, for the advisor); null until
   * one ran.
   */
  public PollResult<RunConfig> runConfig() {
    return runConfig;
  }

  /** False when apachectl is not run at all. */
  public boolean ctlEnabled() {
    return ctl != null;
  }

  /** The latest snapshot; never blocks. */
  public Snapshot snapshot() {
    return snapshot;
  }

  /**
   * True once the status page and {@code -V} have each been polled once (whatever the outcome);
   * without apachectl, once the status page has.
   */
  public boolean ready() {
    Snapshot s = snapshot;
    return s.status() != null && (ctl == null || s.version() != null);
  }

  /** Runs {@code apachectl -V} and {@code -M} soon, unless such a run is already queued. */
  public void requestCtlPoll() {
    if (ctl != null && ctlQueued.compareAndSet(false, true)) {
      ctlThread.execute(guarded(this::pollCtl));
    }
  }

  /**
   * Polls the status page, then {@code -V}/{@code -M}, now, and returns when both are in the
   * snapshot (or after {@code timeout}): after an MPM switch the next scrape shows the new state.
   */
  public void refreshNow(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      statusThread
          .submit(guarded(this::pollStatus))
          .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (ctl != null) {
        ctlThread
            .submit(guarded(this::pollCtl))
            .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      Log.warn("refresh after a switch did not finish", "err", e.toString());
    }
  }

  void pollStatus() {
    PollResult<StatusPage> result = measure(statusClient::fetch);
    if (result == null) {
      return;
    }
    Snapshot before = snapshot;
    Snapshot after = update(s -> s.withStatus(result));
    logTransition("status", before.status(), result);
    if (before.status() != null && before.restartedIn(after)) {
      Log.info("apache restarted, reading apachectl -V again");
      requestCtlPoll();
    }
    if (after.mpmChanges() != before.mpmChanges()) {
      Log.warn(
          "running MPM changed", "from", before.lastRunningMpm(), "to", after.lastRunningMpm());
    }
  }

  void pollCtl() {
    ctlQueued.set(false);
    Snapshot before = snapshot;
    PollResult<CtlInfo> version = measure(ctl::version);
    if (version == null) {
      return;
    }
    update(s -> s.withVersion(version));
    logTransition("apachectl -V", before.version(), version);
    PollResult<SortedSet<String>> modules = measure(ctl::modules);
    if (modules == null) {
      return;
    }
    update(s -> s.withModules(modules));
    logTransition("apachectl -M", before.modules(), modules);
    if (readRunConfig) {
      PollResult<RunConfig> rc = measure(ctl::runConfig);
      if (rc != null) {
        runConfig = rc;
      }
    }
    PollResult<ConfigTest> test = measure(ctl::configTest);
    if (test == null) {
      return;
    }
    update(s -> s.withConfigTest(test));
    logTransition("apachectl -t", before.configTest(), test);
    Boolean wasOk = before.configTestOk();
    if (test.ok() && !test.value().ok() && !Boolean.FALSE.equals(wasOk)) {
      Log.warn(
          "the configuration on disk fails apachectl -t: the next start of Apache will fail",
          "err",
          test.value().error());
    } else if (test.ok() && test.value().ok() && Boolean.FALSE.equals(wasOk)) {
      Log.info("the configuration on disk passes apachectl -t again");
    }
  }

  /** One read of Apache. */
  @FunctionalInterface
  private interface Read<T> {
    T read() throws PollFailure, InterruptedException;
  }

  /** Runs a read and times it; null when the thread was interrupted (the poller is closing). */
  private <T> PollResult<T> measure(Read<T> read) {
    long t0 = System.nanoTime();
    try {
      T value = read.read();
      return PollResult.success(clock.getAsLong(), seconds(t0), value);
    } catch (PollFailure f) {
      return PollResult.failure(clock.getAsLong(), seconds(t0), f);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (RuntimeException e) {
      // A bug of ours must not stop the schedule: it is counted like any other failure.
      Log.error("unexpected error while polling", "err", e.toString());
      return PollResult.failure(
          clock.getAsLong(), seconds(t0), new PollFailure(PollFailure.PARSE, e.toString(), e));
    }
  }

  private Snapshot update(UnaryOperator<Snapshot> change) {
    synchronized (lock) {
      Snapshot next = change.apply(snapshot);
      snapshot = next;
      return next;
    }
  }

  /** Logs a failure once when it starts (and when its reason changes), and the recovery. */
  private static void logTransition(String what, PollResult<?> before, PollResult<?> now) {
    if (!now.ok()) {
      if (before == null || before.ok() || !now.errorReason().equals(before.errorReason())) {
        Log.warn(what + " failed", "reason", now.errorReason(), "err", now.errorMessage());
      } else {
        Log.debug(what + " failed", "reason", now.errorReason(), "err", now.errorMessage());
      }
    } else if (before != null && !before.ok()) {
      Log.info(what + " recovered");
    }
  }

  /** A periodic task that throws is never run again: log whatever escapes instead. */
  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (Throwable t) {
        Log.error("poll task failed", "err", t.toString());
      }
    };
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static ScheduledExecutorService single(String name) {
    return Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(name));
  }

  /**
   * Stops both schedules and waits (up to 3 s) until a poll in flight has ended: an apachectl run
   * being interrupted kills its process on the way out, and the daemon must not exit before that.
   */
  @Override
  public void close() {
    statusThread.shutdownNow();
    ctlThread.shutdownNow();
    try {
      ctlThread.awaitTermination(3, TimeUnit.SECONDS);
      statusThread.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
