package io.mpmexporter.advisor;

import io.mpmexporter.mpm.MpmLimits;
import java.util.List;

/**
 * The advisor's figures and verdict for one {@link Observation}; see {@link AdviceRules} for how
 * each is computed.
 *
 * @param memorySource {@code pss} when every child's PSS was readable, else {@code estimate} (from
 *     RssAnon and RssFile), else {@code rss}
 * @param workerMemoryBytes memory per worker: a child's memory under prefork, a child's memory
 *     divided by ThreadsPerChild under worker and event
 * @param budgetSource {@code flag} (--advisor.memory-budget) or {@code available} (MemAvailable
 *     plus what Apache holds now)
 * @param worstCaseBytes the parent plus MaxRequestWorkers workers
 * @param recommendedMpm null when the loaded modules are unknown (no apachectl -M)
 * @param reasons reason codes, see {@link AdviceRules#REASONS}
 * @param savingBytes estimated memory event saves against prefork at the same MaxRequestWorkers
 *     (negative when prefork would need less); null when not running prefork (a prefork process
 *     cannot be measured on a threaded server, so no figure is claimed)
 * @param keepAliveShare share of the busy workers in state K (keep-alive), NaN without a scoreboard
 */
public record Advice(
    String runningMpm,
    int children,
    long parentRssBytes,
    long childrenRssBytes,
    long childrenPssBytes,
    String memorySource,
    long workerMemoryBytes,
    MpmLimits limits,
    long budgetBytes,
    String budgetSource,
    long worstCaseBytes,
    long affordableWorkers,
    double overcommitRatio,
    String recommendedMpm,
    List<String> reasons,
    Long savingBytes,
    double keepAliveShare) {

  public static final int OK = 0;
  public static final int WARNING = 1;
  public static final int CRITICAL = 2;

  public Advice {
    reasons = List.copyOf(reasons);
  }

  /**
   * {@link #CRITICAL} when MaxRequestWorkers workers would not fit in the budget, {@link #WARNING}
   * when another MPM is recommended, else {@link #OK}.
   */
  public int verdict() {
    if (overcommitRatio > 1) {
      return CRITICAL;
    }
    if (recommendedMpm != null && !recommendedMpm.equals(runningMpm)) {
      return WARNING;
    }
    return OK;
  }
}
