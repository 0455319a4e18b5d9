package io.mpmexporter.apache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.Fixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusParserTest {

  static java.util.List<String> realStatusFiles() {
    return Fixtures.realStatusFiles();
  }

  @Test
  void labelValuesFromTheBodyAreBounded() throws Exception {
    // Synthetic: what a hostile or broken endpoint could serve.
    StatusPage page =
        StatusParser.parse(
            "ServerVersion: "
                + "A".repeat(100_000)
                + "\nServerMPM: Ev\"il}{mpm\n"
                + "BusyWorkers: 1\nIdleWorkers: 1\nScoreboard: W_\n");
    assertThat(page.serverVersion()).hasSize(StatusParser.MAX_LABEL);
    assertThat(page.serverMpm()).isEqualTo("evilmpm");
    assertThat(StatusParser.mpmName("WinNT")).isEqualTo("winnt");
    assertThat(StatusParser.mpmName("\"{}")).isNull();
    assertThat(StatusParser.mpmName("x".repeat(100))).hasSize(32);
  }

  @ParameterizedTest
  @MethodSource("realStatusFiles")
  void everyRecordedBodyParsesWithItsMpmAndAConsistentScoreboard(String file) throws Exception {
    StatusPage page = StatusParser.parse(Fixtures.real(file));
    String mpm = file.split("-")[1];
    assertThat(page.serverMpm()).isEqualTo(mpm);
    assertThat(page.serverName()).isEqualTo("127.0.0.1");
    assertThat(page.serverVersion())
        .startsWith("Apache/2.4.71 (Debian)"); // + OpenSSL/x with mod_ssl
    assertThat(page.restartTime()).endsWith("UTC");
    int slots = page.scoreboard().length();
    assertThat(slots).isGreaterThan(0);
    int counted = page.scoreboardCounts().values().stream().mapToInt(Integer::intValue).sum();
    assertThat(counted).isEqualTo(slots);
    double busy = page.get(StatusField.BUSY_WORKERS).orElseThrow();
    double idle = page.get(StatusField.IDLE_WORKERS).orElseThrow();
    assertThat(busy + idle).isLessThanOrEqualTo(slots);
    assertThat(page.has(StatusField.PROCESSES)).isEqualTo(mpm.equals("event"));
    assertThat(page.has(StatusField.CONNS_ASYNC_WAIT_IO)).isEqualTo(mpm.equals("event"));
    assertThat(page.get(StatusField.GRACEFUL_WORKERS)).hasValue(0);
  }

  @Test
  void underLoadTheEventScoreboardShowsBusyWorkers() throws Exception {
    StatusPage page = StatusParser.parse(Fixtures.real("status-event-under-load.txt"));
    assertThat(page.get(StatusField.BUSY_WORKERS).orElseThrow()).isGreaterThan(1);
    assertThat(page.get(StatusField.TOTAL_ACCESSES).orElseThrow()).isGreaterThan(1000);
    assertThat(page.scoreboardCounts().get(ScoreboardState.REPLY)).isGreaterThan(1);
  }

  @Test
  void rightAfterAStartUptimeIsZeroAndRatesAreAbsent() throws Exception {
    StatusPage page = StatusParser.parse(Fixtures.real("status-event-just-started.txt"));
    assertThat(page.get(StatusField.SERVER_UPTIME_SECONDS)).hasValue(0);
    assertThat(page.has(StatusField.CPU_LOAD)).isFalse();
  }

  @Test
  void extendedStatusOffHasWorkersButNoTraffic() throws Exception {
    StatusPage page = StatusParser.parse(Fixtures.real("status-event-extendedstatus-off.txt"));
    assertThat(page.has(StatusField.BUSY_WORKERS)).isTrue();
    assertThat(page.has(StatusField.TOTAL_ACCESSES)).isFalse();
    assertThat(page.has(StatusField.CPU_USER)).isFalse();
  }

  @Test
  void apache22BodyHasNoNameVersionOrMpm() throws Exception {
    StatusPage page = StatusParser.parse(Fixtures.synthetic("status-apache22.txt"));
    assertThat(page.serverName()).isNull();
    assertThat(page.serverVersion()).isNull();
    assertThat(page.serverMpm()).isNull();
    assertThat(page.get(StatusField.TOTAL_ACCESSES)).hasValue(1273);
    assertThat(page.get(StatusField.CPU_LOAD).orElseThrow()).isEqualTo(.00213618);
    assertThat(page.get(StatusField.UPTIME)).hasValue(84734);
  }

  @Test
  void pre2413EventBodyHasConnectionsButNoMpmLine() throws Exception {
    StatusPage page = StatusParser.parse(Fixtures.synthetic("status-pre2413.txt"));
    assertThat(page.serverMpm()).isNull();
    assertThat(page.get(StatusField.CONNS_ASYNC_KEEPALIVE)).hasValue(1);
  }

  @Test
  void duplicateKeysKeepTheFirstValueAndOddNumbersParse() throws Exception {
    StatusPage page = StatusParser.parse(Fixtures.synthetic("status-duplicate-keys.txt"));
    assertThat(page.get(StatusField.BUSY_WORKERS)).hasValue(3);
    assertThat(page.get(StatusField.IDLE_WORKERS)).hasValue(72);
    assertThat(page.get(StatusField.LOAD1)).hasValue(0.5);
    assertThat(page.get(StatusField.LOAD5)).hasValue(0);
    assertThat(page.get(StatusField.CPU_LOAD)).hasValue(0);
  }

  @Test
  void moduleLinesAreIgnoredAndAnIpv6ServerNameIsKept() throws Exception {
    StatusPage page = StatusParser.parse(Fixtures.synthetic("status-with-module-lines.txt"));
    assertThat(page.serverName()).isEqualTo("[::1]");
    assertThat(page.serverMpm()).isEqualTo("worker");
    assertThat(page.get(StatusField.BUSY_WORKERS)).hasValue(1);
    assertThat(page.scoreboard()).startsWith("W___");
  }

  @Test
  void crlfLineEndingsParse() throws Exception {
    StatusPage page = StatusParser.parse(Fixtures.synthetic("status-crlf.txt"));
    assertThat(page.get(StatusField.IDLE_WORKERS)).hasValue(3);
    assertThat(page.scoreboard()).isEqualTo("__W");
  }

  @Test
  void aValueThatIsNotANumberIsLeftOutNotFatal() throws Exception {
    StatusPage page =
        StatusParser.parse("BusyWorkers: 1\nIdleWorkers: 2\nCPULoad: -nan\nLoad1: Infinity\n");
    assertThat(page.has(StatusField.CPU_LOAD)).isFalse();
    assertThat(page.has(StatusField.LOAD1)).isFalse();
    assertThat(page.scoreboard()).isEmpty();
  }

  @Test
  void theHtmlPageWithoutAutoIsRejectedWithAHint() {
    assertThatThrownBy(() -> StatusParser.parse(Fixtures.real("status-event-html-page.html")))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("HTML")
        .hasMessageContaining("?auto");
  }

  @Test
  void the404PageIsRejected() {
    assertThatThrownBy(() -> StatusParser.parse(Fixtures.real("status-disabled-404.html")))
        .isInstanceOf(ParseException.class);
  }

  @Test
  void lighttpdIsNamed() {
    assertThatThrownBy(() -> StatusParser.parse(Fixtures.synthetic("status-lighttpd.txt")))
        .hasMessageContaining("lighttpd");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   \n\n",
        "hello world",
        "Total Accesses: 5\nUptime: 3\n",
        "<p>BusyWorkers: 1</p>"
      })
  void textThatIsNotAutoOutputIsRejected(String body) {
    assertThatThrownBy(() -> StatusParser.parse(body)).isInstanceOf(ParseException.class);
  }

  @Test
  void binaryInputIsRejectedAsBinary() {
    byte[] bytes = new byte[512];
    new java.util.Random(7).nextBytes(bytes);
    String body = "BusyWorkers: 1\nIdleWorkers: 1\n" + new String(bytes, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> StatusParser.parse(body)).hasMessageContaining("binary");
  }

  @Test
  void aScoreboardOf16384SlotsIsCountedExactly() throws Exception {
    String sb = "_".repeat(10000) + "W".repeat(384) + ".".repeat(6000);
    StatusPage page =
        StatusParser.parse("BusyWorkers: 384\nIdleWorkers: 10000\nScoreboard: " + sb + "\n");
    assertThat(page.scoreboard()).hasSize(16384);
    assertThat(page.scoreboardCounts().get(ScoreboardState.REPLY)).isEqualTo(384);
    assertThat(page.scoreboardCounts().get(ScoreboardState.OPEN_SLOT)).isEqualTo(6000);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "12,true", "-3,true", "+.5,true", "5.,true", "1.25e-3,true", "0.e+79,true", "7E5,true",
    ".,false", "-,false", "1e,false", "e5,false", "nan,false", "inf,false", "1.2.3,false",
    "'12 ',false", "0x1F,false", "'',false"
  })
  void numbersAreRecognisedByHand(String text, boolean number) {
    assertThat(StatusParser.isNumber(text)).isEqualTo(number);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "0",
        "7",
        "123456789012345",
        "1234567890123456",
        "-4",
        ".5",
        "2.25",
        "0.e+79",
        "1e3"
      })
  void valuesAreTheSameAsParseDouble(String text) {
    assertThat(StatusParser.toDouble(text)).isEqualTo(Double.parseDouble(text));
  }
}
