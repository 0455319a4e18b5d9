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
    return promtoolIn(RULES.getParent(), args);
  }

  /** {@link #promtool} in {@code dir}. */
  static String promtoolIn(Path dir, String... args) throws Exception {
    Path promtool = Tools.require("promtool", "prometheus");
    java.util.List<String> cmd = new java.util.ArrayList<>();
    cmd.add(promtool.toString());
    cmd.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static final String TESTS = "apache-mpm-exporter.rules.test.yml";

  private static long ruleCount(String text) {
    return text.lines()
        .filter(l -> l.strip().startsWith("- alert:") || l.strip().startsWith("- record:"))
        .count();
  }

  /**
   * {@code apache-mpm-exporter rules ARGS} as the operator runs it, written with the project's
   * promtool tests into a folder of their own.
   */
  private Path rulesFromTheJar(String... args) throws Exception {
    Path dir = java.nio.file.Files.createTempDirectory(tmp, "rules");
    String[] argv = new String[args.length + 1];
    argv[0] = "rules";
    System.arraycopy(args, 0, argv, 1, args.length);
    CommandLineIT.Run r = CommandLineIT.java(argv);
    assertThat(r.exit()).as(r.stderr()).isZero();
    java.nio.file.Files.writeString(dir.resolve(RULES.getFileName()), r.stdout());
    java.nio.file.Files.copy(RULES.resolveSibling(TESTS), dir.resolve(TESTS));
    return dir;
  }

  @Test
  void theShippedRulesPassPromtoolCheckRulesAndLinkNowhere() throws Exception {
    String text = java.nio.file.Files.readString(RULES);
    assertThat(promtool("check", "rules", RULES.getFileName().toString()))
        .contains("SUCCESS: " + ruleCount(text) + " rules found");
    assertThat(text.lines().filter(l -> !l.strip().startsWith("#")))
        .as("no runbook_url and no host in the shipped rules")
        .noneMatch(l -> l.contains("runbook_url") || l.contains("://"));
    assertThat(rulesFromTheJar().resolve(RULES.getFileName()))
        .as("rules without flags prints the shipped file")
        .hasContent(text);
  }

  @Test
  void everyAlertFiresWhenItMustAndOnlyThen() throws Exception {
    // The tests expect runbook_url https://runbooks.test/alerts.md#alertname on every alert.
    Path dir = rulesFromTheJar("--runbook-base", "https://runbooks.test/alerts.md");
    assertThat(promtoolIn(dir, "test", "rules", TESTS)).contains("SUCCESS");
  }

  @Test
  void theShippedRulesPassTheSameTestsWithoutTheLinks() throws Exception {
    Path dir = java.nio.file.Files.createTempDirectory(tmp, "shipped");
    java.nio.file.Files.copy(RULES, dir.resolve(RULES.getFileName()));
    String tests = java.nio.file.Files.readString(RULES.resolveSibling(TESTS));
    java.nio.file.Files.writeString(
        dir.resolve(TESTS), tests.replaceAll("\\n\\s*runbook_url: \"[^\"]*\"", ""));
    assertThat(promtoolIn(dir, "test", "rules", TESTS)).contains("SUCCESS");
  }

  @Test
  void aJobSelectorOfYourOwnPassesPromtool() throws Exception {
    Path dir =
        rulesFromTheJar(
            "--runbook-base",
            "https://wiki.internal/apache",
            "--job-selector",
            "job=\"web\", env=~\"prod|stage\"");
    String text = java.nio.file.Files.readString(dir.resolve(RULES.getFileName()));
    assertThat(promtoolIn(dir, "check", "rules", RULES.getFileName().toString()))
        .contains("SUCCESS: " + ruleCount(text) + " rules found");
    assertThat(text).contains("up{job=\"web\", env=~\"prod|stage\"} == 0");
    assertThat(text).doesNotContain("up{job=~\".*apache.*\"}");
    assertThat(text).contains("runbook_url: \"https://wiki.internal/apache#apachedown\"");
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
