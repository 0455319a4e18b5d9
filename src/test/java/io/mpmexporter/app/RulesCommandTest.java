package io.mpmexporter.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.config.ConfigParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code rules} and {@code dashboard} print the files the package ships, as the operator asks. */
class RulesCommandTest {
  private static final Path SHIPPED = Path.of("prometheus/apache-mpm-exporter.rules.yml");

  private static List<String> alerts(String rules) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\s*- alert: (\\S+)$").matcher(rules);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void withoutFlagsTheShippedRulesWithNoLink() throws Exception {
    String out = RulesCommand.rules(ConfigParser.parseRules(new String[0], java.util.Map.of()));
    assertThat(out).isEqualTo(Files.readString(SHIPPED));
    assertThat(out.lines().filter(l -> !l.strip().startsWith("#")))
        .noneMatch(l -> l.contains("runbook_url"));
  }

  @Test
  void eachAlertGetsItsOwnRunbookSectionRightAfterItsAnnotations() throws Exception {
    String out =
        RulesCommand.rules(
            ConfigParser.parseRules(
                new String[] {"--runbook-base=https://wiki.internal/apache"}, java.util.Map.of()));
    List<String> alerts = alerts(out);
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(12);
    for (String alert : alerts) {
      assertThat(out)
          .containsPattern(
              "- alert: "
                  + alert
                  + "\\n(?:(?!- alert:)[\\s\\S])*?annotations:\\n\\s+runbook_url:"
                  + " \"https://wiki.internal/apache#"
                  + alert.toLowerCase(Locale.ROOT)
                  + "\"\\n");
    }
    assertThat(out.split("runbook_url:", -1)).hasSize(alerts.size() + 1);
  }

  @Test
  void aBadFlagIsExitTwoNamingIt() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        RulesCommand.run(
            "rules",
            new String[] {"--runbook-base=https://x/y#frag"},
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--runbook-base");
    code =
        RulesCommand.run(
            "rules",
            new String[] {"--job-selector=job=apache"},
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--job-selector");
  }

  @Test
  void theDashboardIsTheShippedJson() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        RulesCommand.run(
            "dashboard",
            new String[0],
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(Files.readString(Path.of("grafana/apache-mpm-exporter.json")));
  }
}
