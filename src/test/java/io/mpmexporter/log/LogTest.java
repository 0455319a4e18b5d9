package io.mpmexporter.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogTest {
  private static final Instant TS = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void logfmtQuotesValuesWithSpacesQuotesOrEquals() {
    String line =
        Log.format(
            TS,
            Log.Level.WARN,
            "status failed",
            new Object[] {"reason", "refused", "err", "a \"b\"=c"},
            false);
    assertThat(line)
        .isEqualTo(
            "ts=2026-11-26T10:00:00Z level=warn msg=\"status failed\" reason=refused err=\"a \\\"b\\\"=c\"");
  }

  @Test
  void jsonEscapesControlCharacters() {
    String line = Log.format(TS, Log.Level.INFO, "x\ny", new Object[] {"k", "\u0001"}, true);
    assertThat(line)
        .isEqualTo(
            "{\"ts\":\"2026-11-26T10:00:00Z\",\"level\":\"info\",\"msg\":\"x\\ny\",\"k\":\"\\u0001\"}");
  }
}
