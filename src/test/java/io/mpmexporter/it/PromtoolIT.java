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
          ExporterProcess.start(
              tmp,
              apache.env(),
              "--apache.status-url=" + apache.statusUrl(),
              "--apache.ctl=apache2ctl",
              "--apache.expected-mpm=event",
              "--poll.interval=200ms")) {
        // Wait for every family to be there, a changed MPM included, so promtool sees the whole
        // contract.
        exporter.await(
            "full output",
            Duration.ofSeconds(20),
            m ->
                m.getOrDefault("apache_up", 0.0) == 1.0
                    && m.containsKey("apache_mpm_configured{mpm=\"event\"}"));
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
}
