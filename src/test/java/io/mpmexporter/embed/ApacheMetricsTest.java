package io.mpmexporter.embed;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The embedding API checks a status URL as the daemon's --apache.status-url does. */
class ApacheMetricsTest {
  @ParameterizedTest
  @ValueSource(strings = {"httpx://127.0.0.1/server-status?auto", "ftp://127.0.0.1/", "not a url"})
  void aStatusUrlTheDaemonRefusesIsRefusedHereToo(String url) {
    assertThatThrownBy(() -> ApacheMetrics.builder().statusUrl(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--apache.status-url");
  }

  @Test
  void credentialsInTheUrlAreRefusedWithoutShowingThem() {
    // The daemon takes them as Basic auth; the embedding API has no way to send them.
    assertThatThrownBy(
            () -> ApacheMetrics.builder().statusUrl("http://user:secret@127.0.0.1/s?auto"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("credentials")
        .hasMessageNotContaining("secret");
  }
}
