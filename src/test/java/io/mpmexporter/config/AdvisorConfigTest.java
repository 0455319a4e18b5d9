package io.mpmexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdvisorConfigTest {
  @ParameterizedTest
  @CsvSource({
    "1073741824, 1073741824",
    "2GiB, 2147483648",
    "2G, 2147483648",
    "512MiB, 536870912",
    "512 mb, 536870912",
    "64k, 65536",
    "1TiB, 1099511627776"
  })
  void sizes(String text, long bytes) throws Exception {
    Config c = ConfigParser.parse(new String[] {"--advisor.memory-budget=" + text}, Map.of());
    assertThat(c.advisor().memoryBudgetBytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "2 GB extra", "lots", "1.5G", "99999999999999T"})
  void badSizesNameTheFlag(String text) {
    assertThatThrownBy(
            () -> ConfigParser.parse(new String[] {"--advisor.memory-budget=" + text}, Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--advisor.memory-budget: '" + text + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--advisor.enabled=false", "--advisor.enabled=no"})
  void theAdvisorCanBeTurnedOff(String flag) throws Exception {
    assertThat(ConfigParser.parse(new String[] {flag}, Map.of()).advisor().enabled()).isFalse();
    assertThat(ConfigParser.parse(new String[] {}, Map.of()).advisor().enabled()).isTrue();
  }
}
