package io.mpmexporter.advisor;

import io.mpmexporter.mpm.Mpm;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The MPM advisor's figures ({@link AdvisorWatch}): Apache's memory, its capacity against the
 * memory budget, and the recommended MPM. Built fresh from the latest reading on every scrape; when
 * the advisor cannot measure (Apache down, no pid file), only {@code apache_exporter_advisor_up 0}.
 */
public final class AdvisorCollector extends Collector {
  private final Supplier<AdvisorWatch.Reading> readings;

  public AdvisorCollector(Supplier<AdvisorWatch.Reading> readings) {
    this.readings = readings;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    AdvisorWatch.Reading r = readings.get();
    List<MetricFamilySamples> out = new ArrayList<>();
    Advice a = r.advice();
    out.add(
        new GaugeMetricFamily(
            "apache_exporter_advisor_up",
            "1 when the advisor measured Apache's processes at its last try (the log says why"
                + " not).",
            a == null ? 0 : 1));
    if (a == null) {
      return out;
    }
    gauge(
        out, "apache_children", "Apache's child processes (the parent's children).", a.children());
    gauge(
        out,
        "apache_parent_resident_memory_bytes",
        "Resident memory (VmRSS) of Apache's parent process.",
        a.parentRssBytes());
    gauge(
        out,
        "apache_children_resident_memory_bytes",
        "Sum of the children's resident memory (VmRSS). Pages shared between children count once"
            + " per child, so this overstates their real total; see"
            + " apache_children_proportional_memory_bytes.",
        a.childrenRssBytes());
    if (a.childrenPssBytes() >= 0) {
      gauge(
          out,
          "apache_children_proportional_memory_bytes",
          "Sum of the children's proportional memory (PSS: shared pages divided among their"
              + " users). Only when every child's smaps_rollup is readable (root, or Apache's"
              + " user).",
          a.childrenPssBytes());
    }
    GaugeMetricFamily worker =
        new GaugeMetricFamily(
            "apache_worker_memory_bytes",
            "Estimated memory per worker: a child's mean memory under prefork (a worker is a"
                + " process), divided by ThreadsPerChild under worker and event (threads share"
                + " their process). source: pss when the children's smaps_rollup is readable (root or"
                + " Apache's user), else estimate (anonymous memory beyond the parent's plus a share"
                + " of the shared pages, from /proc/PID/status), else rss (an overestimate).",
            List.of("source"));
    worker.addMetric(List.of(a.memorySource()), a.workerMemoryBytes());
    out.add(worker);
    limit(
        out,
        "apache_max_request_workers",
        "MaxRequestWorkers: the workers Apache may start. source: config (the MPM's config"
            + " file) or default (httpd's).",
        a.limits().maxRequestWorkers(),
        a.limits().source());
    limit(
        out,
        "apache_threads_per_child",
        "ThreadsPerChild of the running MPM (1 under prefork).",
        a.limits().threadsPerChild(),
        a.limits().source());
    limit(
        out,
        "apache_server_limit",
        "ServerLimit: the most child processes.",
        a.limits().serverLimit(),
        a.limits().source());
    GaugeMetricFamily budget =
        new GaugeMetricFamily(
            "apache_memory_budget_bytes",
            "Memory Apache may use. source: flag (--advisor.memory-budget) or available"
                + " (MemAvailable plus what Apache holds now).",
            List.of("source"));
    budget.addMetric(List.of(a.budgetSource()), a.budgetBytes());
    out.add(budget);
    gauge(
        out,
        "apache_memory_worst_case_bytes",
        "Memory Apache needs with every worker started: the parent plus MaxRequestWorkers x"
            + " apache_worker_memory_bytes.",
        a.worstCaseBytes());
    gauge(
        out,
        "apache_workers_affordable",
        "Workers that fit in the memory budget beside the parent.",
        a.affordableWorkers());
    gauge(
        out,
        "apache_memory_overcommit_ratio",
        "Worst case over budget: above 1, Apache started to MaxRequestWorkers runs the host out of"
            + " memory (the OOM killer at the first peak).",
        a.overcommitRatio());
    if (a.recommendedMpm() != null) {
      GaugeMetricFamily rec =
          new GaugeMetricFamily(
              "apache_mpm_recommended",
              "The MPM the advisor recommends for the loaded modules, the traffic and the"
                  + " memory: 1 for it, 0 for the others (README, \"MPM advisor\").",
              List.of("mpm"));
      for (String m : Mpm.labels(a.runningMpm())) {
        rec.addMetric(List.of(m), m.equals(a.recommendedMpm()) ? 1 : 0);
      }
      out.add(rec);
      GaugeMetricFamily why =
          new GaugeMetricFamily(
              "apache_mpm_recommendation_info",
              "Why that MPM, one series per reason: "
                  + String.join(
                      "; ",
                      AdviceRules.REASONS.entrySet().stream()
                          .sorted(java.util.Map.Entry.comparingByKey())
                          .map(e -> e.getKey() + ": " + e.getValue())
                          .toList())
                  + ".",
              List.of("reason"));
      for (String reason : a.reasons()) {
        why.addMetric(List.of(reason), 1);
      }
      out.add(why);
      if (a.savingBytes() != null) {
        gauge(
            out,
            "apache_mpm_recommendation_memory_saving_bytes",
            "Estimated memory event would need less than prefork at the same MaxRequestWorkers,"
                + " from this prefork server's processes (absent on worker and event).",
            a.savingBytes());
      }
    }
    return out;
  }

  private static void gauge(List<MetricFamilySamples> out, String name, String help, double v) {
    out.add(new GaugeMetricFamily(name, help, v));
  }

  private static void limit(
      List<MetricFamilySamples> out, String name, String help, double v, String source) {
    GaugeMetricFamily g = new GaugeMetricFamily(name, help, List.of("source"));
    g.addMetric(List.of(source), v);
    out.add(g);
  }
}
