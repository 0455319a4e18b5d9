package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MPM advisor on real private Apache instances: the recommendation for prefork with and without
 * mod_php and for event, the children's memory against ps, the overcommit alert in a real
 * Prometheus, and the {@code advise} command's verdict and exit code in each case.
 */
class AdvisorIT {
  @TempDir Path tmp;

  private static final Duration WAIT = Duration.ofSeconds(20);

  /** The advisor measures every 200 ms here (every 30 s by default). */
  private static final String FAST = "--advisor.interval=200ms";

  /** {@code advise} with the exporter's flags: its exit code and output. */
  private record Advise(int exit, String out) {}

  private Advise advise(ApacheInstance apache, String... more) throws Exception {
    List<String> cmd =
        Tools.exporterCommand(
            List.of(),
            "advise",
            "--apache.status-url=" + apache.statusUrl(),
            "--apache.ctl=apache2ctl");
    cmd.addAll(List.of(more));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(apache.env());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    System.out.println("advise (exit " + p.exitValue() + "):\n" + out);
    return new Advise(p.exitValue(), out);
  }

  private static String recommended(Map<String, Double> m) {
    for (String mpm : List.of("event", "worker", "prefork")) {
      if (Double.valueOf(1).equals(m.get("apache_mpm_recommended{mpm=\"" + mpm + "\"}"))) {
        return mpm;
      }
    }
    return null;
  }

  private static Set<String> reasons(Map<String, Double> m) {
    Set<String> out = new TreeSet<>();
    m.forEach(
        (k, v) -> {
          if (k.startsWith("apache_mpm_recommendation_info{reason=\"") && v == 1) {
            out.add(k.substring(k.indexOf('"') + 1, k.lastIndexOf('"')));
          }
        });
    return out;
  }

  @Test
  void preforkWithPhpIsToldToStayOnPrefork() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "prefork")) {
      apache.enablePhp();
      apache.start();
      try (ExporterProcess exporter =
          ExporterProcess.watching(tmp, apache, apache.statusUrl(), FAST)) {
        Map<String, Double> m =
            exporter.await("a recommendation", WAIT, s -> recommended(s) != null);
        assertThat(recommended(m)).isEqualTo("prefork");
        assertThat(reasons(m)).containsExactly("non_thread_safe_module");
        assertThat(m.get("apache_exporter_advisor_up")).isEqualTo(1.0);
      }
      Advise a = advise(apache);
      assertThat(a.exit()).isZero();
      assertThat(a.out()).contains("recommended    prefork", "not thread-safe", "OK: prefork");
    }
  }

  @Test
  void preforkWithoutPhpUnderKeepAliveLoadIsToldToMoveToEventWithASaving() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "prefork")) {
      apache.start();
      Process ab =
          new ProcessBuilder(
                  Tools.require("ab", "apache2-utils").toString(),
                  "-q",
                  "-k",
                  "-c",
                  "20",
                  "-t",
                  "15",
                  "-n",
                  "5000000",
                  "http://127.0.0.1:" + apache.port() + "/")
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("ab.log").toFile())
              .start();
      try (ExporterProcess exporter =
          ExporterProcess.watching(tmp, apache, apache.statusUrl(), FAST)) {
        Map<String, Double> m =
            exporter.await(
                "event recommended under load with 20 keep-alive clients",
                WAIT,
                s ->
                    "event".equals(recommended(s))
                        && reasons(s).contains("keepalive_holds_workers"));
        assertThat(reasons(m))
            .containsExactly("keepalive_holds_workers", "memory_saving", "thread_safe_modules");
        assertThat(m.get("apache_mpm_recommendation_memory_saving_bytes")).isPositive();
        assertThat(m.get("apache_worker_memory_bytes{source=\"pss\"}")).isPositive();
        assertThat(m.get("apache_max_request_workers{source=\"config\"}")).isEqualTo(150.0);
        Advise a = advise(apache);
        assertThat(a.exit()).isEqualTo(1);
        assertThat(a.out())
            .contains("recommended    event", "less than prefork at MaxRequestWorkers 150")
            .contains("WARNING: running prefork, event recommended");
      } finally {
        ab.destroy();
        ab.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void eventIsToldToStayOnEventAndItsChildrenMatchPs() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      apache.start();
      try (ExporterProcess exporter =
          ExporterProcess.watching(tmp, apache, apache.statusUrl(), FAST)) {
        Map<String, Double> m =
            exporter.await("a recommendation", WAIT, s -> recommended(s) != null);
        assertThat(recommended(m)).isEqualTo("event");
        assertThat(reasons(m)).contains("thread_safe_modules");
        assertThat(m.get("apache_threads_per_child{source=\"config\"}")).isEqualTo(25.0);
        // The same pids read independently: ps, from the pid file's parent.
        long parent = apache.pid();
        long psRss = 0;
        int psChildren = 0;
        for (String line :
            Tools.outputOk("ps", "--ppid", Long.toString(parent), "-o", "rss=").split("\n")) {
          if (!line.isBlank()) {
            psRss += Long.parseLong(line.strip()) * 1024;
            psChildren++;
          }
        }
        Map<String, Double> now = exporter.metrics();
        assertThat(now.get("apache_children")).isEqualTo((double) psChildren);
        assertThat(now.get("apache_children_resident_memory_bytes"))
            .isBetween(psRss * 0.9, psRss * 1.1);
        System.out.printf(
            "children %d: exporter %.0f bytes RSS, ps %d bytes%n",
            psChildren, now.get("apache_children_resident_memory_bytes"), psRss);
        Advise a = advise(apache);
        assertThat(a.exit()).isZero();
        assertThat(a.out()).contains("recommended    event", "OK: event");
        // Apache stops: no figure outlives it.
        apache.stop();
        Map<String, Double> down =
            exporter.await(
                "the advisor down with Apache",
                WAIT,
                s -> Double.valueOf(0).equals(s.get("apache_exporter_advisor_up")));
        assertThat(down.keySet())
            .noneMatch(
                k -> k.startsWith("apache_children") || k.startsWith("apache_mpm_recommend"));
      }
    }
  }

  @Test
  void aBudgetBelowTheWorstCaseFiresTheOvercommitAlertAndOneAboveStaysQuiet() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "prefork")) {
      apache.start();
      try (ExporterProcess small =
              ExporterProcess.watching(
                  tmp, apache, apache.statusUrl(), "--advisor.memory-budget=8MiB", FAST);
          ExporterProcess large =
              ExporterProcess.watching(
                  tmp, apache, apache.statusUrl(), "--advisor.memory-budget=64GiB", FAST)) {
        double over =
            small
                .await("a ratio", WAIT, s -> s.containsKey("apache_memory_overcommit_ratio"))
                .get("apache_memory_overcommit_ratio");
        double under =
            large
                .await("a ratio", WAIT, s -> s.containsKey("apache_memory_overcommit_ratio"))
                .get("apache_memory_overcommit_ratio");
        assertThat(over).isGreaterThan(1);
        assertThat(under).isLessThan(1);
        // The shipped rules with a short for:, as DashboardIT uses them.
        Path rules = tmp.resolve("rules.yml");
        Files.writeString(
            rules, Files.readString(PromtoolIT.RULES).replaceAll("for: \\d+[mh]", "for: 2s"));
        String config =
            "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                + "rule_files: ['"
                + rules
                + "']\n"
                + "scrape_configs:\n"
                + "  - job_name: apache\n"
                + "    static_configs: [{targets: ['127.0.0.1:"
                + small.port()
                + "', '127.0.0.1:"
                + large.port()
                + "']}]\n";
        try (PrometheusServer prometheus =
            PrometheusServer.startWithConfig(tmp.resolve("prometheus"), config)) {
          Set<String> firing = Set.of();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (System.nanoTime() < deadline && firing.isEmpty()) {
            firing = overcommitFiring(prometheus);
            Thread.sleep(500);
          }
          assertThat(firing).containsExactly("127.0.0.1:" + small.port());
          Thread.sleep(4000); // twice the for: more, the large budget still quiet
          assertThat(overcommitFiring(prometheus)).containsExactly("127.0.0.1:" + small.port());
        }
      }
      Advise a = advise(apache, "--advisor.memory-budget=8MiB", FAST);
      assertThat(a.exit()).isEqualTo(2);
      assertThat(a.out()).contains("DOES NOT FIT", "CRITICAL: MaxRequestWorkers 150 workers need");
      assertThat(advise(apache, "--advisor.memory-budget=lots").exit()).isEqualTo(2);
    }
  }

  @Test
  void asAnotherUserThePssIsEstimatedFromWhatAnyUserMayRead() throws Exception {
    Tools.requireRoot("PSS as root against the estimate as another user");
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "prefork");
        DaemonUser user = DaemonUser.create()) {
      apache.start();
      Thread.sleep(1000); // the children settle
      try (ExporterProcess root = ExporterProcess.watching(tmp, apache, apache.statusUrl(), FAST);
          ExporterProcess other =
              ExporterProcess.watching(tmp, apache, apache.statusUrl(), user.prefix(), FAST)) {
        String pssKey = "apache_worker_memory_bytes{source=\"pss\"}";
        String estimateKey = "apache_worker_memory_bytes{source=\"estimate\"}";
        double pss = root.await("PSS as root", WAIT, s -> s.containsKey(pssKey)).get(pssKey);
        Map<String, Double> m =
            other.await(
                "an estimate as " + user.name(),
                WAIT,
                s -> s.containsKey(estimateKey) || s.containsKey(pssKey));
        assertThat(m).containsKey(estimateKey);
        double estimate = m.get(estimateKey);
        double rssPerChild =
            m.get("apache_children_resident_memory_bytes") / m.get("apache_children");
        System.out.printf(
            "per worker: PSS %.0f, estimate %.0f (%.2fx), RSS %.0f (%.2fx)%n",
            pss, estimate, estimate / pss, rssPerChild, rssPerChild / pss);
        assertThat(estimate).isBetween(pss * 0.8, pss * 2).isLessThan(rssPerChild / 2);
      }
    }
  }

  @Test
  void anUnreadableApacheIsUnknown() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      // Not started: nothing listens.
      Advise a = advise(apache);
      assertThat(a.exit()).isEqualTo(3);
      assertThat(a.out()).startsWith("UNKNOWN: cannot read");
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<String> overcommitFiring(PrometheusServer prometheus) throws Exception {
    Set<String> out = new TreeSet<>();
    for (Object o : prometheus.alerts()) {
      Map<String, Object> a = (Map<String, Object>) o;
      Map<String, Object> labels = (Map<String, Object>) a.get("labels");
      if ("firing".equals(a.get("state"))
          && "ApacheMemoryOvercommit".equals(labels.get("alertname"))) {
        out.add((String) labels.get("instance"));
      }
    }
    return out;
  }
}
