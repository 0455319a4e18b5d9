package io.mpmexporter.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeQueryTest {
  @Test
  void readsTargetAndModuleDecoded() {
    assertThat(ProbeQuery.parse("target=http%3A%2F%2Fweb1.internal%2Fs%3Fauto&module=m&x=1", 2048))
        .isEqualTo(Map.of("target", "http://web1.internal/s?auto", "module", "m"));
    assertThat(ProbeQuery.parse(null, 2048)).isEmpty();
  }

  @Test
  void refusesTwiceALongQueryAndBadEscapes() {
    assertThatThrownBy(() -> ProbeQuery.parse("target=a&target=b", 2048))
        .hasMessageContaining("target given twice");
    assertThatThrownBy(() -> ProbeQuery.parse("target=" + "a".repeat(2048), 2048))
        .hasMessageContaining("longer than 2048");
    assertThatThrownBy(() -> ProbeQuery.parse("target=%zz", 2048)).hasMessageContaining("escape");
  }
}
