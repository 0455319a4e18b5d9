package io.mpmexporter.switchapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.json.JsonException;
import io.mpmexporter.json.JsonWriter;
import io.mpmexporter.mpm.CapacityChoice;
import io.mpmexporter.mpm.MemoryFigures;
import io.mpmexporter.mpm.Mpm;
import io.mpmexporter.mpm.Strategy;
import io.mpmexporter.mpm.SwitchRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentRequestTest {

  @Test
  void aSwitchRequestSurvivesTheWire() throws Exception {
    AgentRequest sent =
        new AgentRequest(
            AgentRequest.SWITCH,
            new SwitchRequest(
                Mpm.PREFORK, true, false, Mpm.EVENT, "php needs it", Strategy.HANDOVER),
            "::1",
            "0123456789ab");
    AgentRequest read = AgentRequest.parse(JsonWriter.write(sent.toMap()));
    assertThat(read).isEqualTo(sent);
  }

  @Test
  void theCapacityChoiceAndTheAdvisorsFiguresSurviveTheWire() throws Exception {
    SwitchRequest request =
        new SwitchRequest(
            Mpm.PREFORK,
            false,
            false,
            null,
            null,
            null,
            CapacityChoice.KEEP,
            new MemoryFigures("event", 9 << 20, "pss", 5 << 20, 1L << 34, "flag"));
    AgentRequest sent = AgentRequest.switchMpm(request, "127.0.0.1", "ab");
    assertThat(AgentRequest.parse(JsonWriter.write(sent.toMap()))).isEqualTo(sent);
  }

  @Test
  void aStateRequestIsJustTheAction() throws Exception {
    assertThat(JsonWriter.write(AgentRequest.state().toMap())).isEqualTo("{\"action\":\"state\"}");
    assertThat(AgentRequest.parse("{\"action\":\"state\"}").request()).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|'action' must be",
        "{\"action\":\"run\"}|'action' must be",
        "{\"action\":[\"switch\"]}|'action' must be",
        "{\"action\":\"state\",\"mpm\":\"event\"}|a state request has no other fields",
        "{\"action\":\"switch\"}|missing field 'mpm'",
        "{\"action\":\"switch\",\"mpm\":\"event\",\"command\":\"id\"}|unknown field 'command'",
        "{\"action\":\"switch\",\"mpm\":\"/etc/passwd\"}|'mpm' must be one of",
        "{\"action\":\"switch\",\"mpm\":\"event\",\"client\":\"a b\"}|'client' is not valid",
        "{\"action\":\"switch\",\"mpm\":\"event\",\"client\":7}|'client' is not valid",
        "{\"action\":\"switch\",\"mpm\":\"event\",\"token_fingerprint\":\"XYZ\"}|'token_fingerprint'"
            + " is not valid",
        "{\"action\":\"switch\",\"action\":\"state\"}|duplicate",
        "{\"action\":\"switch\",\"mpm\":\"event\",\"memory\":{}}|'memory' must be an object",
        "{\"action\":\"switch\",\"mpm\":\"event\",\"memory\":{\"measured_mpm\":\"event\","
            + "\"child_bytes\":-1,\"memory_source\":\"pss\",\"parent_bytes\":1,\"budget_bytes\":1,"
            + "\"budget_source\":\"flag\"}}|'memory.child_bytes' must be a whole number",
        "{\"action\":\"switch\",\"mpm\":\"event\",\"memory\":{\"measured_mpm\":\"../x\","
            + "\"child_bytes\":1,\"memory_source\":\"pss\",\"parent_bytes\":1,\"budget_bytes\":1.5,"
            + "\"budget_source\":\"flag\"}}|'memory.measured_mpm' is not valid"
      })
  void everythingOutsideTheContractIsRefusedWithAReason(String line, String message) {
    assertThatThrownBy(() -> AgentRequest.parse(line))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining(message);
  }
}
