package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default output of a live exporter on a real Apache passes Debian's {@code promtool check
 * metrics}.
 */
class PromtoolIT {
  @TempDir Path tmp;

  @Test
  void theDefaultOutputPassesPromtoolCheckMetrics() throws Exception {
    Path promtool = Tools.require("promtool", "prometheus");
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      apache.start();
      try (ExporterProcess exporter =
          ExporterProcess.watching(
              tmp, apache, apache.statusUrl(), "--apache.expected-mpm=event")) {
        exporter.await(
            "first poll", Duration.ofSeconds(20), m -> m.getOrDefault("apache_up", 0.0) == 1.0);
        // Change the MPM with a full restart so the output holds every family of the contract.
        apache.configureMpm("prefork");
        apache.stop();
        apache.start();
        exporter.await(
            "the change",
            Duration.ofSeconds(20),
            m ->
                m.getOrDefault("apache_mpm_changes_total", 0.0) == 1.0
                    && m.getOrDefault("apache_mpm_configured{mpm=\"prefork\"}", 0.0) == 1.0
                    && m.containsKey("apache_mpm_last_change_timestamp_seconds"));
        String text = exporter.metricsText();
        Process p =
            new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEmpty();
        assertThat(p.exitValue()).isZero();
        assertThat(text)
            .contains(
                "apache_mpm_running", "apache_exporter_poll_errors_total", "jvm_memory_bytes_used");
      }
    }
  }

  static final Path RULES = Tools.projectRoot().resolve("prometheus/apache-mpm-exporter.rules.yml");

  /** Runs promtool with these arguments; returns its output, failing on a non-zero exit. */
  static String promtool(String... args) throws Exception {
    Path promtool = Tools.require("promtool", "prometheus");
    java.util.List<String> cmd = new java.util.ArrayList<>();
    cmd.add(promtool.toString());
    cmd.addAll(java.util.List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .directory(RULES.getParent().toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void theAlertRulesPassPromtoolCheckRules() throws Exception {
    long rules =
        java.nio.file.Files.readAllLines(RULES).stream()
            .filter(l -> l.strip().startsWith("- alert:") || l.strip().startsWith("- record:"))
            .count();
    assertThat(promtool("check", "rules", RULES.getFileName().toString()))
        .contains("SUCCESS: " + rules + " rules found");
  }

  @Test
  void everyAlertFiresWhenItMustAndOnlyThen() throws Exception {
    assertThat(promtool("test", "rules", "apache-mpm-exporter.rules.test.yml")).contains("SUCCESS");
  }

  @Test
  void everyAlertHasATestThatFiresIt() throws Exception {
    String rules = java.nio.file.Files.readString(RULES);
    String tests =
        java.nio.file.Files.readString(RULES.resolveSibling("apache-mpm-exporter.rules.test.yml"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("- alert: (\\w+)").matcher(rules);
    int n = 0;
    while (m.find()) {
      n++;
      String name = m.group(1);
      assertThat(tests)
          .as(name + " is tested firing")
          .containsPattern("alertname: " + name + "\\s+exp_alerts:\\s+- exp_labels");
      assertThat(tests)
          .as(name + " is tested quiet")
          .containsPattern("alertname: " + name + "\\s+exp_alerts: \\[\\]");
    }
    assertThat(n).as("alerts found in the rules file").isPositive();
  }
}
