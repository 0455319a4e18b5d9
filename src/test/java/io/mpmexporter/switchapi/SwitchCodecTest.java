package io.mpmexporter.switchapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.json.JsonException;
import io.mpmexporter.json.JsonReader;
import io.mpmexporter.json.JsonWriter;
import io.mpmexporter.mpm.Capacity;
import io.mpmexporter.mpm.CapacityChoice;
import io.mpmexporter.mpm.MpmLimits;
import io.mpmexporter.mpm.SwitchReport;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The switch contract's records survive the trip over the wire (written, read, decoded). */
class SwitchCodecTest {
  private static final SwitchReport ROLLED_BACK =
      new SwitchReport(
          SwitchReport.ROLLED_BACK,
          "event",
          "prefork",
          false,
          true,
          "load test",
          "handover",
          "listener has SO_REUSEPORT",
          Instant.parse("2026-12-07T10:00:00.123Z"),
          5123,
          2300L,
          List.of(
              new SwitchReport.Step("configtest", 75, true, null),
              new SwitchReport.Step("start", 2100, false, "AH00558: exit 1")),
          List.of(),
          List.of("a2dismod mpm_prefork", "a2enmod mpm_event"),
          "the new MPM did not start",
          null);

  private static Map<String, Object> wire(Map<String, Object> m) throws JsonException {
    return JsonReader.readObject(JsonWriter.write(m));
  }

  @Test
  void aReportComesBackEqual() throws Exception {
    AgentAnswer answer = new AgentAnswer.Report(ROLLED_BACK, "debian");
    assertThat(SwitchCodec.answer(wire(SwitchCodec.encode(answer)))).isEqualTo(answer);
  }

  @Test
  void aDryRunKeepsItsPlanAndNoDowntime() throws Exception {
    SwitchReport dry =
        new SwitchReport(
            SwitchReport.DRY_RUN,
            "event",
            "worker",
            true,
            false,
            null,
            null,
            null,
            Instant.parse("2026-12-07T10:00:00Z"),
            80,
            null,
            List.of(),
            List.of("a2dismod mpm_event", "a2enmod mpm_worker"),
            List.of(),
            null,
            null);
    assertThat(SwitchCodec.report(wire(dry.toMap()))).isEqualTo(dry);
  }

  @Test
  void aReportKeepsItsCapacityFigures() throws Exception {
    Capacity capacity =
        new Capacity(
            "prefork",
            new MpmLimits(400, 1, 400, MpmLimits.CONFIG),
            "conf-enabled/tuning.conf:3",
            "event",
            new MpmLimits(150, 25, 16, MpmLimits.CONFIG),
            null,
            CapacityChoice.CHECK,
            null,
            null);
    SwitchReport refused =
        new SwitchReport(
            SwitchReport.CAPACITY_DROP,
            "prefork",
            "event",
            false,
            false,
            null,
            null,
            null,
            Instant.parse("2026-12-07T10:00:00Z"),
            80,
            null,
            List.of(),
            List.of(),
            List.of(),
            "prefork serves 400 ...",
            capacity.toMap());
    SwitchReport back = SwitchCodec.report(wire(refused.toMap()));
    assertThat(JsonWriter.write(back.toMap())).isEqualTo(JsonWriter.write(refused.toMap()));
    assertThat(JsonWriter.write(back.toMap()))
        .contains("\"from\":{\"mpm\":\"prefork\",\"max_request_workers\":400");
  }

  @Test
  void theStateComesBackEqual() throws Exception {
    Map<String, Object> recovery = new LinkedHashMap<>();
    recovery.put("result", "recovered_restored_previous");
    recovery.put("serving", "event");
    AgentState state =
        new AgentState(
            new AgentSetup(
                "0.1.0", "/run/s.sock", true, "apache2.service", "systemctl stop", "go", "/s"),
            "debian",
            List.of("event", "worker", "prefork"),
            false,
            true,
            1,
            "listener has SO_REUSEPORT",
            ROLLED_BACK,
            false,
            recovery,
            4242,
            "2026-12-07T09:00:00Z",
            7,
            1,
            2);
    assertThat(SwitchCodec.state(wire(SwitchCodec.encode(state)))).isEqualTo(state);
  }

  @Test
  void aRefusalComesBackEqualWithOrWithoutAResult() throws Exception {
    for (AgentAnswer.Refusal r :
        List.of(
            new AgentAnswer.Refusal(AgentAnswer.Refusal.BAD_REQUEST, "'mpm' is required"),
            new AgentAnswer.Refusal(null, "the switch agent is serving too many connections"))) {
      assertThat(SwitchCodec.answer(wire(SwitchCodec.encode(r)))).isEqualTo(r);
    }
  }

  @Test
  void aBrokenAnswerIsAnErrorNotAGuess() {
    Map<String, Object> report = new LinkedHashMap<>(ROLLED_BACK.toMap());
    report.put("downtime_ms", "soon");
    assertThatThrownBy(() -> SwitchCodec.answer(report)).hasMessageContaining("downtime_ms");
    Map<String, Object> state = new LinkedHashMap<>(Map.of("error", "only x may connect"));
    assertThatThrownBy(() -> SwitchCodec.state(state)).hasMessageContaining("refused");
  }
}
