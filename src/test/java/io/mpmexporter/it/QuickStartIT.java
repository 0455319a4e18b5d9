package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick-start Prometheus configuration, as written, loaded into a real Prometheus that
 * then scrapes a real exporter on a private Apache and loads the shipped alert rules. Only the
 * target and the rule file's path are replaced (they name a server and the package's path).
 */
class QuickStartIT {
  private static final String BEGIN = "<!-- quick-start-prometheus:begin -->";
  private static final String END = "<!-- quick-start-prometheus:end -->";

  @TempDir Path tmp;

  static String readmeBlock() throws Exception {
    String readme = Files.readString(Tools.projectRoot().resolve("README.md"));
    int b = readme.indexOf(BEGIN);
    int e = readme.indexOf(END);
    assertThat(b).as("README has the quick-start block").isPositive();
    String block = readme.substring(b + BEGIN.length(), e).strip();
    assertThat(block).startsWith("```yaml").endsWith("```");
    return block.substring("```yaml".length(), block.length() - 3);
  }

  @Test
  void theReadmesScrapeConfigScrapesTheExporterAndLoadsTheRules() throws Exception {
    String snippet = readmeBlock();
    assertThat(snippet)
        .contains("web1.example.com:9117")
        .contains("/etc/prometheus/apache-mpm-exporter.rules.yml");
    // The rules as the README's step prints them.
    CommandLineIT.Run rules = CommandLineIT.java("rules");
    assertThat(rules.exit()).as(rules.stderr()).isZero();
    java.nio.file.Path printed = tmp.resolve("apache-mpm-exporter.rules.yml");
    java.nio.file.Files.writeString(printed, rules.stdout());
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      apache.start();
      try (ExporterProcess exporter = ExporterProcess.watching(tmp, apache, apache.statusUrl())) {
        String config =
            "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                + snippet
                    .replace("web1.example.com:9117", "127.0.0.1:" + exporter.port())
                    .replace("/etc/prometheus/apache-mpm-exporter.rules.yml", printed.toString());
        try (PrometheusServer prometheus =
            PrometheusServer.startWithConfig(tmp.resolve("prometheus"), config)) {
          long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          List<Object> up = List.of();
          while (System.nanoTime() < deadline && up.isEmpty()) {
            up = prometheus.query("apache_up{job=\"apache\"} == 1");
            Thread.sleep(200);
          }
          assertThat(up).as("Prometheus scraped apache_up 1 from the exporter").hasSize(1);
          assertThat(prometheus.query("apache_mpm_running{job=\"apache\",mpm=\"event\"} == 1"))
              .hasSize(1);
          // The rules file loaded: its alerts are evaluated (none fires on a healthy Apache).
          assertThat(prometheus.rules()).contains("ApacheMpmRestartPending", "ApacheDown");
        }
      }
    }
  }
}
