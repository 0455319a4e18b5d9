package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.embed.ApacheMetrics;
import io.prometheus.client.CollectorRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embeddable API in this JVM, on its own registry, against a real private Apache. */
class EmbeddedIT {
  @TempDir Path tmp;

  @Test
  void anApplicationRegistersTheApacheMetricsInItsOwnRegistry() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "worker")) {
      apache.start();
      // apache2ctl with the instance's environment, through env(1): an argument list, no shell.
      List<String> ctl = new ArrayList<>();
      ctl.add("env");
      apache.env().forEach((k, v) -> ctl.add(k + "=" + v));
      ctl.add("apache2ctl");
      CollectorRegistry registry = new CollectorRegistry();
      try (ApacheMetrics metrics =
          ApacheMetrics.builder()
              .statusUrl(apache.statusUrl())
              .apachectl(ctl.toArray(new String[0]))
              .expectedMpms("event")
              .pollInterval(Duration.ofMillis(200))
              .build()
              .register(registry)
              .start()) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && !ready(registry)) {
          Thread.sleep(50);
        }
        assertThat(registry.getSampleValue("apache_up")).isEqualTo(1.0);
        assertThat(
                registry.getSampleValue(
                    "apache_mpm_running", new String[] {"mpm"}, new String[] {"worker"}))
            .isEqualTo(1.0);
        assertThat(
                registry.getSampleValue(
                    "apache_mpm_configured", new String[] {"mpm"}, new String[] {"worker"}))
            .isEqualTo(1.0);
        assertThat(registry.getSampleValue("apache_mpm_unexpected")).isEqualTo(1.0);
        assertThat(metrics.snapshot().runningMpm()).isEqualTo("worker");
      }
    }
  }

  /** Both polls have landed: the status page (apache_up 1) and -V (the configured MPM). */
  private static boolean ready(CollectorRegistry registry) {
    Double up = registry.getSampleValue("apache_up");
    Double configured =
        registry.getSampleValue(
            "apache_mpm_configured", new String[] {"mpm"}, new String[] {"worker"});
    return up != null && up == 1.0 && configured != null;
  }
}
