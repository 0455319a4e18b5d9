package io.mpmexporter.advisor;

import io.mpmexporter.apache.ScoreboardState;
import io.mpmexporter.mpm.MpmLimits;
import io.mpmexporter.mpm.Preflight;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an {@link Observation} into {@link Advice}. The rules, in order:
 *
 * <ol>
 *   <li>Memory per worker: the children's mean PSS when every child's is readable (shared pages
 *       divided among their users: the fair share), else the estimate of {@link
 *       ApacheMemory#childrenEstimateBytes} from the world-readable RssAnon and RssFile, else their
 *       mean VmRSS (counts shared pages in full: an overestimate, as apache2buddy's). Under prefork
 *       a worker is a child; under worker and event a child's memory is shared by its
 *       ThreadsPerChild workers.
 *   <li>Worst case: the parent plus MaxRequestWorkers workers. Budget: {@code
 *       --advisor.memory-budget}, else MemAvailable plus what Apache holds now (what Apache could
 *       grow into while everything else stays). Overcommit ratio: worst case / budget; workers
 *       affordable: what fits in the budget beside the parent.
 *   <li>MPM: a loaded module that is not thread-safe (mod_php) → prefork, the only MPM it runs on.
 *       Otherwise → event: threads share a process's memory, and event keeps idle keep-alive
 *       connections without holding a worker. Further reasons: the estimated saving against prefork
 *       at the same MaxRequestWorkers (from a prefork server only: its processes are measured), and
 *       the share of busy workers that only hold a keep-alive connection (scoreboard K) under
 *       prefork and worker.
 * </ol>
 */
public final class AdviceRules {

  /**
   * Memory a worker thread adds to an event or worker child. Measured on Debian 12's Apache 2.4.71
   * under {@code ab -k -c 50}: an event child with 25 threads held 7.3 MB RSS against 4.7 MB for a
   * prefork child (about 100 KiB per thread: its stack pages and its pools); rounded up.
   */
  static final long THREAD_BYTES = 128 * 1024;

  /** ThreadsPerChild of an event server not yet configured: httpd's default and Debian's. */
  static final int EVENT_THREADS_PER_CHILD = MpmLimits.THREADS_PER_CHILD;

  /**
   * A share of busy workers in K (waiting for the next request of a keep-alive connection) at which
   * keep-alive is said to hold workers: from a third on, a prefork or worker server spends a third
   * of its capacity on idle connections that event would keep without a worker.
   */
  static final double KEEPALIVE_SHARE = 1.0 / 3;

  public static final String NON_THREAD_SAFE_MODULE = "non_thread_safe_module";
  public static final String THREAD_SAFE_MODULES = "thread_safe_modules";
  public static final String MEMORY_SAVING = "memory_saving";
  public static final String KEEPALIVE_HOLDS_WORKERS = "keepalive_holds_workers";
  public static final String ASYNC_KEEPALIVE = "async_keepalive";

  /** Every reason code, with what it means. */
  public static final Map<String, String> REASONS =
      Map.of(
          NON_THREAD_SAFE_MODULE,
          "a loaded module is not thread-safe (mod_php): only prefork can run it",
          THREAD_SAFE_MODULES,
          "no loaded module needs prefork: event serves the same capacity with threads",
          MEMORY_SAVING,
          "event needs less memory than prefork at the same MaxRequestWorkers",
          KEEPALIVE_HOLDS_WORKERS,
          "a third or more of the busy workers only hold a keep-alive connection;"
              + " event keeps those without a worker",
          ASYNC_KEEPALIVE,
          "event already keeps keep-alive connections without a worker");

  private AdviceRules() {}

  /**
   * @throws IOException when Apache has no child process to measure
   */
  public static Advice advise(Observation o) throws IOException {
    ApacheMemory m = o.memory();
    int n = m.children().size();
    if (n == 0) {
      throw new IOException("Apache (pid " + m.parentPid() + ") has no child process to measure");
    }
    String source;
    long childTotal;
    if (m.childrenPssBytes().isPresent()) {
      source = "pss";
      childTotal = m.childrenPssBytes().getAsLong();
    } else if (m.childrenEstimateBytes().isPresent()) {
      source = "estimate";
      childTotal = m.childrenEstimateBytes().getAsLong();
    } else {
      source = "rss";
      childTotal = m.childrenRssBytes();
    }
    long perChild = childTotal / n;
    MpmLimits limits = o.limits();
    boolean prefork = "prefork".equals(o.runningMpm());
    int tpc = prefork ? 1 : limits.threadsPerChild();
    long perWorker = Math.max(1, perChild / tpc);
    long worstCase = m.parentRssBytes() + (long) limits.maxRequestWorkers() * perWorker;
    long apacheNow = m.parentRssBytes() + childTotal;
    boolean flag = o.budgetFlagBytes() > 0;
    long budget = flag ? o.budgetFlagBytes() : o.host().availableBytes() + apacheNow;
    long affordable = Math.max(0, (budget - m.parentRssBytes()) / perWorker);
    double ratio = (double) worstCase / budget;

    double keepAlive = keepAliveShare(o.scoreboard());
    String recommended = null;
    List<String> reasons = new ArrayList<>();
    Long saving = prefork ? saving(perChild, limits.maxRequestWorkers()) : null;
    if (o.modules() != null) {
      boolean php = Preflight.notThreadSafe(o.modules()).isPresent();
      if (php) {
        recommended = "prefork";
        reasons.add(NON_THREAD_SAFE_MODULE);
      } else {
        recommended = "event";
        reasons.add(THREAD_SAFE_MODULES);
        if (saving != null && saving > 0) {
          reasons.add(MEMORY_SAVING);
        }
        if (!"event".equals(o.runningMpm()) && keepAlive >= KEEPALIVE_SHARE) {
          reasons.add(KEEPALIVE_HOLDS_WORKERS);
        }
        if ("event".equals(o.runningMpm()) && o.asyncKeepAlive() > 0) {
          reasons.add(ASYNC_KEEPALIVE);
        }
      }
    }
    return new Advice(
        o.runningMpm(),
        n,
        m.parentRssBytes(),
        m.childrenRssBytes(),
        m.childrenPssBytes().orElse(-1),
        source,
        perWorker,
        limits,
        budget,
        flag ? "flag" : "available",
        worstCase,
        affordable,
        ratio,
        recommended,
        reasons,
        saving,
        keepAlive);
  }

  /**
   * Memory prefork needs minus what event would need, both at {@code maxWorkers}, from a prefork
   * server's own processes: prefork runs {@code maxWorkers} of them; event runs one child per 25
   * workers, each such a process plus 25 threads of {@link #THREAD_BYTES}.
   */
  static long saving(long perChild, int maxWorkers) {
    int threads = EVENT_THREADS_PER_CHILD;
    long eventChildren = (maxWorkers + threads - 1) / threads;
    return (long) maxWorkers * perChild - eventChildren * (perChild + threads * THREAD_BYTES);
  }

  /** K over the busy workers (every state but idle and open slot); NaN when none is busy. */
  static double keepAliveShare(Map<ScoreboardState, Integer> scoreboard) {
    int busy = 0;
    int k = 0;
    for (Map.Entry<ScoreboardState, Integer> e : scoreboard.entrySet()) {
      ScoreboardState s = e.getKey();
      if (s == ScoreboardState.IDLE || s == ScoreboardState.OPEN_SLOT) {
        continue;
      }
      busy += e.getValue();
      if (s == ScoreboardState.KEEPALIVE) {
        k += e.getValue();
      }
    }
    return busy == 0 ? Double.NaN : (double) k / busy;
  }
}
