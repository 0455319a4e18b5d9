package io.mpmexporter.app;

import io.mpmexporter.advisor.Advice;
import io.mpmexporter.advisor.AdviceRules;
import io.mpmexporter.advisor.AdvisorWatch;
import io.mpmexporter.apache.StatusPage;
import io.mpmexporter.config.AdvisorConfig;
import io.mpmexporter.config.Config;
import io.mpmexporter.config.UsageException;
import io.mpmexporter.mpm.MpmLimits;
import io.mpmexporter.poll.Snapshot;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code advise}: one look at a live server, printed for a person, like apache2buddy: Apache's
 * memory, its capacity against the budget, the recommended MPM and why. Exits 0 (ok), 1 (warning:
 * another MPM is recommended), 2 (critical: MaxRequestWorkers workers would not fit in memory) or 3
 * (unknown: Apache could not be read), as monitoring plugins do. Takes the exporter's flags, so
 * {@code apache-mpm-exporter advise $ARGS} reads the same server the daemon watches.
 */
public final class AdviseCommand {
  public static final int UNKNOWN = 3;

  private AdviseCommand() {}

  public static int run(Config config, PrintStream out)
      throws InterruptedException, UsageException {
    // The daemon's polling stack, polled once instead of on a schedule; the advisor on whatever the
    // flags say, since advice is what this command is for.
    AdvisorConfig a = config.advisor();
    ApacheWatch.Settings settings =
        ApacheWatch.Settings.of(config)
            .withAdvisor(
                new AdvisorConfig(
                    true, a.pidFile(), a.mpmConfig(), a.memoryBudgetBytes(), a.interval()));
    try (ApacheWatch watch = new ApacheWatch(settings, "advise-http")) {
      watch
          .poller()
          .refreshNow(config.apache().timeout().plus(config.apache().ctlTimeout().multipliedBy(3)));
      Snapshot s = watch.poller().snapshot();
      if (s.page() == null) {
        out.println(
            "UNKNOWN: cannot read "
                + config.apache().statusUrl()
                + ": "
                + (s.status() == null ? "no answer in time" : s.status().errorMessage()));
        return UNKNOWN;
      }
      if (config.ctlEnabled() && s.loadedModules() == null) {
        out.println(
            "note: apachectl failed, modules unknown: "
                + (s.modules() != null
                    ? s.modules().errorMessage()
                    : s.version() != null ? s.version().errorMessage() : "no answer in time"));
      }
      if (watch.advisor() == null) {
        out.println("UNKNOWN: --apache.ctl= is empty: set --advisor.pid-file");
        return UNKNOWN;
      }
      AdvisorWatch.Reading r = watch.advisor().measureNow();
      if (r.advice() == null) {
        out.println("UNKNOWN: cannot measure Apache: " + r.error());
        return UNKNOWN;
      }
      print(s, r.advice(), out);
      return r.advice().verdict();
    }
  }

  static void print(Snapshot s, Advice a, PrintStream out) {
    StatusPage page = s.page();
    String configured = s.configuredMpm();
    out.printf(
        "Apache %s: running %s%s%n",
        page.serverVersion() == null ? "" : page.serverVersion(),
        a.runningMpm(),
        configured == null ? "" : ", configured " + configured);
    out.printf(
        "processes      parent %s RSS; %d children, %s RSS%s%n",
        size(a.parentRssBytes()),
        a.children(),
        size(a.childrenRssBytes()),
        a.childrenPssBytes() >= 0 ? ", " + size(a.childrenPssBytes()) + " PSS" : "");
    boolean prefork = "prefork".equals(a.runningMpm());
    out.printf(
        "per worker     %s (%s%s)%n",
        size(a.workerMemoryBytes()),
        a.memorySource().toUpperCase(Locale.ROOT),
        prefork
            ? "; a worker is a process under prefork"
            : "; a child's memory / ThreadsPerChild " + a.limits().threadsPerChild());
    if (!a.memorySource().equals("pss")) {
      out.println(
          "               (PSS unreadable: run as root or Apache's user for the fair share; "
              + (a.memorySource().equals("rss")
                  ? "RSS counts shared pages in every child)"
                  : "estimated from each child's anonymous and shared pages)"));
    }
    out.printf(
        "capacity       MaxRequestWorkers %d, ThreadsPerChild %d, ServerLimit %d (%s)%n",
        a.limits().maxRequestWorkers(),
        a.limits().threadsPerChild(),
        a.limits().serverLimit(),
        a.limits().source().equals(MpmLimits.CONFIG)
            ? "from the MPM's config file"
            : "httpd's defaults: no MPM config file found");
    out.printf(
        "worst case     %s = parent + %d x %s%n",
        size(a.worstCaseBytes()), a.limits().maxRequestWorkers(), size(a.workerMemoryBytes()));
    out.printf(
        "budget         %s (%s)%n",
        size(a.budgetBytes()),
        a.budgetSource().equals("flag")
            ? "--advisor.memory-budget"
            : "MemAvailable plus what Apache holds now");
    out.printf(
        "overcommit     %.2f: %s; %d workers would fit%n",
        a.overcommitRatio(),
        a.overcommitRatio() > 1 ? "DOES NOT FIT" : "fits",
        a.affordableWorkers());
    if (!Double.isNaN(a.keepAliveShare())) {
      out.printf("keep-alive     %.0f%% of the busy workers (K)%n", a.keepAliveShare() * 100);
    }
    if (a.recommendedMpm() == null) {
      out.println("recommended    unknown: the loaded modules are (apachectl -M failed or is off)");
    } else {
      out.printf("recommended    %s%n", a.recommendedMpm());
      for (String reason : a.reasons()) {
        String text = AdviceRules.REASONS.get(reason);
        if (reason.equals(AdviceRules.MEMORY_SAVING)) {
          text =
              "event needs about "
                  + size(a.savingBytes())
                  + " less than prefork at MaxRequestWorkers "
                  + a.limits().maxRequestWorkers();
        }
        out.printf("  - %s%n", text);
      }
    }
    String verdict =
        switch (a.verdict()) {
          case Advice.CRITICAL ->
              "CRITICAL: MaxRequestWorkers "
                  + a.limits().maxRequestWorkers()
                  + " workers need "
                  + size(a.worstCaseBytes())
                  + ", the budget is "
                  + size(a.budgetBytes())
                  + ": lower MaxRequestWorkers to "
                  + a.affordableWorkers()
                  + (prefork && !"prefork".equals(a.recommendedMpm()) ? " or switch to event" : "");
          case Advice.WARNING ->
              "WARNING: running " + a.runningMpm() + ", " + a.recommendedMpm() + " recommended";
          default -> "OK: " + a.runningMpm() + " fits and is the recommended MPM";
        };
    out.println(verdict);
  }

  /** Bytes as KiB, MiB or GiB with one decimal. */
  static String size(long bytes) {
    double v = bytes;
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (Math.abs(v) >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
