package io.mpmexporter.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedTargetsTest {
  private static final AllowedTargets ALLOWED =
      AllowedTargets.of(
          List.of(
              "10.0.0.0/8",
              "192.168.1.7",
              "web1.internal",
              "Web2.Internal:8080",
              "[2001:db8::1]:443",
              "fd00::/64",
              "127.0.0.1:9000"));

  @ParameterizedTest
  @CsvSource({
    "10.1.2.3, 80, true",
    "10.255.255.255, 65535, true",
    "11.0.0.1, 80, false",
    "192.168.1.7, 1, true",
    "192.168.1.8, 80, false",
    "web1.internal, 80, true",
    "WEB1.internal., 8443, true",
    "web1.internal.evil.test, 80, false",
    "xweb1.internal, 80, false",
    "web2.internal, 8080, true",
    "web2.internal, 80, false",
    "[2001:db8::1], 443, true",
    "[2001:db8::1], 80, false",
    "[2001:db8:0:0:0:0:0:1], 443, true",
    "[fd00::abcd], 80, true",
    "[fd00:0:0:1::1], 80, false",
    "127.0.0.1, 9000, true",
    "127.0.0.1, 9001, false",
    "localhost, 9000, false",
    "127.1, 9000, false",
    "2130706433, 9000, false",
    "0x7f.0.0.1, 9000, false",
    "10.1.2.3.nip.io, 80, false",
  })
  void matchesTheTargetAsWritten(String host, int port, boolean allowed) {
    assertThat(ALLOWED.allows(host, port)).as(host + ":" + port).isEqualTo(allowed);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0/33",
        "10.0.0.0/x",
        "web1.internal/8",
        "10.0.0.0/8:80",
        "under_score.test",
        "http://web1.internal",
        "web1.internal:0",
        "web1.internal:70000",
        "",
        "a b"
      })
  void aBadEntryIsRefusedByName(String entry) {
    assertThatThrownBy(() -> AllowedTargets.of(List.of(entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + entry.strip() + "'");
  }
}
