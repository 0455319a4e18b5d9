package io.mpmexporter.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.app.ApacheWatch;
import io.mpmexporter.config.Config;
import io.mpmexporter.config.ConfigParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedding API's defaults are the daemon's: the same flag declarations give both. */
class ApacheMetricsDefaultsTest {
  @Test
  void theBuildersDefaultsEqualTheFlagsDefaults() throws Exception {
    Config flags = ConfigParser.parse(new String[0], Map.of());
    ApacheMetrics.Builder builder = ApacheMetrics.builder();
    ApacheWatch.Settings embedded = builder.settings();
    assertThat(embedded.apache()).isEqualTo(flags.apache());
    assertThat(embedded.pollInterval()).isEqualTo(flags.pollInterval());
    assertThat(embedded.ctlInterval()).isEqualTo(flags.ctlInterval());
    assertThat(builder.expectedMpms()).isEqualTo(flags.expectedMpms());
    assertThat(builder.compat()).isEqualTo(flags.compat());
    // The one difference, on purpose: no advisor inside another application (it reads /proc).
    assertThat(embedded.advisor()).isNull();
  }
}
