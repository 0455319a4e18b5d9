package io.mpmexporter.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.apache.StatusAccess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProbeTargetTest {
  private static final ProbeModule HTTP =
      new ProbeModule(
          "default",
          "http",
          "/server-status?auto",
          Duration.ofSeconds(5),
          StatusAccess.NONE,
          List.of());
  private static final ProbeModule HTTPS =
      new ProbeModule(
          "tls", "https", "/status?auto", Duration.ofSeconds(5), StatusAccess.NONE, List.of());

  @ParameterizedTest
  @CsvSource({
    "web1.internal, http://web1.internal:80/server-status?auto, web1.internal, 80",
    "web1.internal:8080, http://web1.internal:8080/server-status?auto, web1.internal, 8080",
    "10.0.0.1:81, http://10.0.0.1:81/server-status?auto, 10.0.0.1, 81",
    "[::1]:82, http://[::1]:82/server-status?auto, [::1], 82",
    "::1, http://[::1]:80/server-status?auto, [::1], 80",
    "http://web1.internal/other?auto, http://web1.internal:80/other?auto, web1.internal, 80",
    "https://web1.internal, https://web1.internal:443/server-status?auto, web1.internal, 443",
    "HTTP://web1.internal:8/s, http://web1.internal:8/s, web1.internal, 8",
  })
  void aTargetBecomesTheUrlFetched(String target, String url, String host, int port) {
    ProbeTarget t = ProbeTarget.parse(target, HTTP);
    assertThat(t.uri()).hasToString(url);
    assertThat(t.host()).isEqualTo(host);
    assertThat(t.port()).isEqualTo(port);
  }

  @ParameterizedTest
  @CsvSource({
    "web1.internal, https://web1.internal:443/status?auto",
    "web1.internal:8443, https://web1.internal:8443/status?auto",
    "http://web1.internal, http://web1.internal:80/status?auto",
  })
  void theModuleGivesSchemeAndPath(String target, String url) {
    assertThat(ProbeTarget.parse(target, HTTPS).uri()).hasToString(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://user:pw@web1.internal/",
        "http://web1.internal/#x",
        "ftp://web1.internal/",
        "file:///etc/passwd",
        "web1.internal/path",
        "user@web1.internal",
        "web1.internal:0",
        "web1.internal:99999",
        "web1.internal:",
        ":80",
        "under_score:80",
        "http:///nohost",
        "http://[::1/",
        "gopher://x"
      })
  void anythingElseIsABadRequest(String target) {
    assertThatThrownBy(() -> ProbeTarget.parse(target, HTTP))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
