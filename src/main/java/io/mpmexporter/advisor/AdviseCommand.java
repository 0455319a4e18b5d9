package io.mpmexporter.advisor;

import io.mpmexporter.DaemonThreads;
import io.mpmexporter.apache.ApacheCtl;
import io.mpmexporter.apache.CtlInfo;
import io.mpmexporter.apache.PollFailure;
import io.mpmexporter.apache.ProcessCommandRunner;
import io.mpmexporter.apache.RunConfig;
import io.mpmexporter.apache.StatusClient;
import io.mpmexporter.apache.StatusPage;
import io.mpmexporter.config.Config;
import io.mpmexporter.poll.PollResult;
import io.mpmexporter.poll.Snapshot;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SortedSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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

  public static int run(Config config, PrintStream out) throws InterruptedException {
    ExecutorService http = Executors.newSingleThreadExecutor(DaemonThreads.named("advise-http"));
    ProcessCommandRunner runner = new ProcessCommandRunner(1 << 20);
    try {
      StatusClient client =
          new StatusClient(
              config.statusUrl(),
              config.timeout(),
              config.statusMaxBytes(),
              http,
              config.statusAccess());
      ApacheCtl ctl =
          config.ctlEnabled()
              ? new ApacheCtl(config.ctlCommand(), config.ctlTimeout(), runner)
              : null;
      Snapshot s = Snapshot.empty();
      long now = System.currentTimeMillis();
      try {
        s = s.withStatus(PollResult.success(now, 0, client.fetch()));
      } catch (PollFailure e) {
        out.println("UNKNOWN: cannot read " + config.statusUrl() + ": " + e.getMessage());
        return UNKNOWN;
      }
      PollResult<RunConfig> runConfig = null;
      if (ctl != null) {
        try {
          CtlInfo v = ctl.version();
          s = s.withVersion(PollResult.success(now, 0, v));
          SortedSet<String> modules = ctl.modules();
          s = s.withModules(PollResult.success(now, 0, modules));
        } catch (PollFailure e) {
          out.println("note: apachectl failed, modules unknown: " + e.getMessage());
        }
        try {
          runConfig = PollResult.success(now, 0, ctl.runConfig());
        } catch (PollFailure e) {
          runConfig = PollResult.failure(now, 0, e);
        }
      }
      Snapshot snapshot = s;
      PollResult<RunConfig> rc = runConfig;
      AdvisorWatch watch =
          new AdvisorWatch(
              () -> snapshot,
              () -> rc,
              config.advisor(),
              config.advisor().interval(),
              Path.of("/proc"));
      AdvisorWatch.Reading r = watch.measureNow();
      watch.close();
      if (r.advice() == null) {
        out.println("UNKNOWN: cannot measure Apache: " + r.error());
        return UNKNOWN;
      }
      print(snapshot, r.advice(), out);
      return r.advice().verdict();
    } finally {
      runner.close();
      http.shutdownNow();
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
