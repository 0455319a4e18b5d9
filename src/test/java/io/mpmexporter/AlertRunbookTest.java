package io.mpmexporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every alert links to its own section of docs/alerts.md and to the dashboard; every section there
 * belongs to an alert that exists (a renamed alert leaves no dead link and no orphaned runbook).
 */
class AlertRunbookTest {
  private static final Path RULES = Path.of("prometheus/apache-mpm-exporter.rules.yml");
  private static final Path RUNBOOK = Path.of("docs/alerts.md");

  /** Alert name → its dashboard annotation lines, in file order. */
  private static Map<String, List<String>> alerts() throws Exception {
    Map<String, List<String>> alerts = new LinkedHashMap<>();
    String current = null;
    for (String line : Files.readAllLines(RULES)) {
      Matcher m = Pattern.compile("^\\s*- alert: (\\S+)$").matcher(line);
      if (m.matches()) {
        current = m.group(1);
        alerts.put(current, new ArrayList<>());
      } else if (current != null && line.matches("^\\s*dashboard: .*")) {
        alerts.get(current).add(line.strip());
      }
    }
    return alerts;
  }

  private static List<String> sections() throws Exception {
    List<String> sections = new ArrayList<>();
    for (String line : Files.readAllLines(RUNBOOK)) {
      if (line.startsWith("## ")) {
        sections.add(line.substring(3).strip());
      }
    }
    return sections;
  }

  @Test
  void everyAlertLinksToItsOwnRunbookSectionAndTheDashboard() throws Exception {
    Map<String, List<String>> alerts = alerts();
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(12);
    List<String> sections = sections();
    alerts.forEach(
        (name, lines) -> {
          String dashboard = "dashboard: \"d/apache-mpm-exporter?var-job={{ $labels.job }}";
          // Its runbook_url (BASE#alertname) is added by `rules --runbook-base` (RulesCommandTest).
          assertThat(lines).as(name).hasSize(1);
          // Per-server alerts select their instance; fleet alerts (labelled by job only) the job.
          assertThat(lines.get(0))
              .as(name)
              .isIn(dashboard + "&var-instance={{ $labels.instance }}\"", dashboard + "\"");
          assertThat(sections).as("a section for " + name + " in " + RUNBOOK).contains(name);
        });
  }

  @Test
  void everyRunbookSectionIsAnAlertAndEveryInnerLinkResolves() throws Exception {
    Map<String, List<String>> alerts = alerts();
    List<String> sections = sections();
    assertThat(sections).containsExactlyInAnyOrderElementsOf(alerts.keySet());
    Matcher m = Pattern.compile("\\]\\(#([a-z]+)\\)").matcher(Files.readString(RUNBOOK));
    while (m.find()) {
      assertThat(sections.stream().map(s -> s.toLowerCase(Locale.ROOT)))
          .as("link #" + m.group(1))
          .contains(m.group(1));
    }
  }

  @Test
  void theDashboardPathNamesTheShippedDashboardAndItsVariables() throws Exception {
    String dashboard = Files.readString(Path.of("grafana/apache-mpm-exporter.json"));
    assertThat(dashboard).contains("\"uid\": \"apache-mpm-exporter\"");
    assertThat(dashboard).contains("\"name\": \"job\"").contains("\"name\": \"instance\"");
  }
}
