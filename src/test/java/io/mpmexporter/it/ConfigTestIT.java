package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "The next restart will fail": a real private Apache whose configuration is broken on disk while
 * it runs. The exporter's {@code apachectl -t} sees it within a ctl interval, logs Apache's words,
 * and a real Prometheus with the printed rules (a short {@code for}) fires ApacheConfigTestFailing;
 * repaired, it passes again. Apache serves throughout.
 */
class ConfigTestIT {
  @TempDir Path tmp;

  /** The printed rules with ApacheConfigTestFailing's 10m wait cut to 0s. */
  private Path rulesWithoutTheWait() throws Exception {
    CommandLineIT.Run r = CommandLineIT.java("rules");
    assertThat(r.exit()).as(r.stderr()).isZero();
    String text = r.stdout();
    int alert = text.indexOf("- alert: ApacheConfigTestFailing");
    int wait = text.indexOf("for: 10m", alert);
    assertThat(alert).isPositive();
    assertThat(wait).isGreaterThan(alert);
    Path rules = tmp.resolve("rules.yml");
    Files.writeString(rules, text.substring(0, wait) + "for: 0s" + text.substring(wait + 8));
    return rules;
  }

  @Test
  void aConfigurationBrokenOnDiskIsSeenAlertedAndRepaired() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      apache.start();
      try (ExporterProcess exporter =
          ExporterProcess.watching(tmp, apache, apache.statusUrl())) { // apachectl every 1 s
        Map<String, Double> m =
            exporter.await(
                "the first config test",
                Duration.ofSeconds(20),
                // Both from one poll: the collectors read the latest snapshot one after the
                // other, so a scrape right at a poll may have one family and not yet the other.
                x ->
                    x.getOrDefault("apache_config_test_ok", -1.0) == 1.0
                        && x.containsKey(
                            "apache_exporter_poll_duration_seconds{source=\"ctl_configtest\"}"));
        System.out.printf(
            "apachectl -t on a private Apache: %.0f ms%n",
            1000 * m.get("apache_exporter_poll_duration_seconds{source=\"ctl_configtest\"}"));
        String config =
            "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                + "rule_files: ['"
                + rulesWithoutTheWait()
                + "']\n"
                + "scrape_configs:\n"
                + "  - job_name: apache\n"
                + "    static_configs:\n"
                + "      - targets: ['127.0.0.1:"
                + exporter.port()
                + "']\n";
        try (PrometheusServer prometheus =
            PrometheusServer.startWithConfig(tmp.resolve("prometheus"), config)) {
          apache.addConf("zz-broken", "ThisIsNotADirective on\n");
          long t0 = System.nanoTime();
          exporter.await(
              "the broken configuration",
              Duration.ofSeconds(10),
              x -> x.getOrDefault("apache_config_test_ok", -1.0) == 0.0);
          System.out.printf(
              "broken on disk -> apache_config_test_ok 0 after %d ms%n",
              (System.nanoTime() - t0) / 1_000_000);
          assertThat(exporter.log())
              .contains("the next start of Apache will fail")
              .contains("Invalid command 'ThisIsNotADirective'");
          assertThat(apache.statusMpm()).as("Apache serves on").isEqualTo("event");
          List<Object> firing = List.of();
          long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while (firing.isEmpty() && System.nanoTime() < deadline) {
            firing =
                prometheus.query(
                    "ALERTS{alertname=\"ApacheConfigTestFailing\",alertstate=\"firing\"}");
            Thread.sleep(200);
          }
          assertThat(firing).as("ApacheConfigTestFailing fires in Prometheus").hasSize(1);

          apache.removeConf("zz-broken");
          exporter.await(
              "the repaired configuration",
              Duration.ofSeconds(10),
              x -> x.getOrDefault("apache_config_test_ok", -1.0) == 1.0);
          assertThat(exporter.log()).contains("passes apachectl -t again");
        }
      }
    }
  }
}
