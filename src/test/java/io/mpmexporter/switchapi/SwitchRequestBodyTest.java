package io.mpmexporter.switchapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.json.JsonException;
import io.mpmexporter.json.JsonReader;
import io.mpmexporter.mpm.CapacityChoice;
import io.mpmexporter.mpm.Mpm;
import io.mpmexporter.mpm.Strategy;
import io.mpmexporter.mpm.SwitchRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SwitchRequestBodyTest {

  private static SwitchRequest parse(String json) throws JsonException {
    return SwitchRequestBody.parse(JsonReader.readObject(json));
  }

  @Test
  void fullRequest() throws Exception {
    SwitchRequest r =
        parse(
            "{\"mpm\":\"prefork\",\"dry_run\":true,\"force\":false,"
                + "\"expect_current\":\"event\",\"reason\":\"php needs it\"}");
    assertThat(r)
        .isEqualTo(new SwitchRequest(Mpm.PREFORK, true, false, Mpm.EVENT, "php needs it", null));
  }

  @Test
  void aStrategyIsOneOfTwoNames() throws Exception {
    assertThat(parse("{\"mpm\":\"worker\",\"strategy\":\"handover\"}").strategy())
        .isEqualTo(Strategy.HANDOVER);
    assertThat(parse("{\"mpm\":\"worker\",\"strategy\":\"restart\"}").strategy())
        .isEqualTo(Strategy.RESTART);
  }

  @Test
  void capacityIsCheckUnlessKeepOrAsConfigured() throws Exception {
    assertThat(parse("{\"mpm\":\"event\"}").capacity()).isEqualTo(CapacityChoice.CHECK);
    assertThat(parse("{\"mpm\":\"event\",\"capacity\":\"keep\"}").capacity())
        .isEqualTo(CapacityChoice.KEEP);
    assertThat(parse("{\"mpm\":\"event\",\"capacity\":\"as_configured\"}").capacity())
        .isEqualTo(CapacityChoice.AS_CONFIGURED);
    // The advisor's figures come from the exporter, never from the API's client.
    assertThatThrownBy(() -> parse("{\"mpm\":\"event\",\"memory\":{}}"))
        .hasMessageContaining("unknown field 'memory'");
  }

  @Test
  void onlyMpmIsRequired() throws Exception {
    assertThat(parse("{\"mpm\":\"worker\"}"))
        .isEqualTo(new SwitchRequest(Mpm.WORKER, false, false, null, null, null));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|missing field 'mpm'",
        "{\"mpm\":\"event\",\"strategy\":\"graceful\"}|'strategy' must be one of [restart, handover]",
        "{\"mpm\":\"event\",\"strategy\":\"Handover\"}|'strategy' must be one of",
        "{\"mpm\":\"event\",\"strategy\":true}|'strategy' must be a string",
        "{\"mpm\":null}|'mpm' must be a string",
        "{\"mpm\":7}|'mpm' must be a string",
        "{\"mpm\":\"Event\"}|not 'Event'",
        "{\"mpm\":\"event \"}|not 'event '",
        "{\"mpm\":\"winnt\"}|must be one of [event, worker, prefork]",
        "{\"mpm\":\"event\",\"extra\":true}|unknown field 'extra'",
        "{\"mpm\":\"event\",\"dry_run\":null}|'dry_run' must be true or false",
        "{\"mpm\":\"event\",\"force\":\"true\"}|'force' must be true or false",
        "{\"mpm\":\"event\",\"expect_current\":\"itk\"}|'expect_current' must be one of",
        "{\"mpm\":\"event\",\"reason\":5}|'reason' must be a string",
        "{\"mpm\":\"event\",\"capacity\":\"more\"}|'capacity' must be one of [check, keep,"
            + " as_configured]",
        "{\"mpm\":\"event\",\"capacity\":1}|'capacity' must be a string",
        "{\"mpm\":\"event\",\"reason\":\"a\\u0007b\"}|without control characters"
      })
  void refusesWithAMessageForTheClient(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining(message);
  }

  @Test
  void echoedTextIsCutAndCleaned() {
    String key = "k\u0001" + "x".repeat(100);
    assertThatThrownBy(
            () -> parse("{\"mpm\":\"event\",\"" + key.replace("\u0001", "\\u0001") + "\":1}"))
        .hasMessageContaining("unknown field 'k?xxx")
        .hasMessageNotContaining("x".repeat(60));
  }

  @Test
  void longReasonIsRefused() {
    assertThatThrownBy(() -> parse("{\"mpm\":\"event\",\"reason\":\"" + "r".repeat(201) + "\"}"))
        .hasMessageContaining("at most 200 characters");
  }
}
