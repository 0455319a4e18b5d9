package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * apachectl that hangs, fails half way or prints garbage (stand-ins in src/test/fake-apachectl),
 * next to a real Apache whose status keeps flowing: each failure is counted by reason, and neither
 * threads nor processes pile up.
 */
class CtlFaultsIT {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({"hang,ctl_timeout", "partial,ctl_exit", "garbage,parse"})
  void aBrokenApachectlIsCountedWhileStatusFlowsAndNothingLeaks(String script, String reason)
      throws Exception {
    Path ctl = Tools.projectRoot().resolve("src/test/fake-apachectl/" + script);
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      apache.start();
      String series =
          "apache_exporter_poll_errors_total{source=\"ctl_version\",reason=\"" + reason + "\"}";
      long maxChildren = 0;
      double threadsEarly;
      Map<String, Double> m;
      // A sleep length no other process uses: leftovers of this run are found by it.
      String sleep = Long.toString(100_000 + new java.util.Random().nextInt(800_000));
      Map<String, String> env = new java.util.HashMap<>(apache.env());
      env.put("FAKE_APACHECTL_SLEEP", sleep);
      try (ExporterProcess exporter =
          ExporterProcess.start(
              tmp,
              env,
              Tools.shippedJvmFlags(),
              "--apache.status-url=" + apache.statusUrl(),
              "--apache.ctl=" + ctl,
              "--apache.ctl-timeout=300ms",
              "--poll.interval=200ms",
              "--poll.ctl-interval=100ms")) {
        exporter.await("a few failures", Duration.ofSeconds(20), x -> x.get(series) >= 3);
        Map<String, Double> early = exporter.metrics();
        threadsEarly = early.get("jvm_threads_current");
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) {
          maxChildren = Math.max(maxChildren, exporter.childProcesses());
          Thread.sleep(20);
        }
        m = exporter.metrics();
        assertThat(m.get(series))
            .as("failures keep being counted")
            .isGreaterThanOrEqualTo(early.get(series) + 2);
        assertThat(m.get("apache_up")).as("status flows").isEqualTo(1.0);
        assertThat(m)
            .as("the running MPM is still known")
            .containsEntry("apache_mpm_running{mpm=\"event\"}", 1.0);
        assertThat(m)
            .as("the configured side is unknown, not guessed")
            .doesNotContainKey("apache_mpm_configured{mpm=\"event\"}");
        double age =
            System.currentTimeMillis() / 1000.0
                - m.get("apache_exporter_last_success_timestamp_seconds{source=\"status\"}");
        assertThat(age).as("last good status poll, seconds ago").isLessThan(2.0);
        assertThat(m.get("jvm_threads_current"))
            .as("threads do not pile up")
            .isLessThanOrEqualTo(threadsEarly + 2);
        assertThat(maxChildren)
            .as("at most one apachectl (and its shell) at a time")
            .isLessThanOrEqualTo(2);
        System.out.printf(
            "%s: %s x%.0f in ~6 s, threads %.0f -> %.0f, most children at once %d%n",
            script, reason, m.get(series), threadsEarly, m.get("jvm_threads_current"), maxChildren);
      }
      Thread.sleep(500);
      List<ProcessHandle> orphans =
          ProcessHandle.allProcesses()
              .filter(p -> p.info().arguments().map(a -> List.of(a).contains(sleep)).orElse(false))
              .toList();
      orphans.forEach(ProcessHandle::destroyForcibly); // never leave one behind, even on failure
      assertThat(orphans).as("no 'sleep " + sleep + "' left behind").isEmpty();
    }
  }
}
