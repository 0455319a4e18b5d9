package io.mpmexporter.mpm;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Debian's MPM config files (recorded) and the clamps httpd applies at start. */
class MpmLimitsTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // Debian's files: MaxRequestWorkers 150 everywhere.
        Arguments.of("event", Fixtures.real("mpm_event.conf"), 150, 25, 16, "config"),
        Arguments.of("worker", Fixtures.real("mpm_worker.conf"), 150, 25, 16, "config"),
        Arguments.of("prefork", Fixtures.real("mpm_prefork.conf"), 150, 1, 256, "config"),
        // httpd's defaults.
        Arguments.of("event", "", 400, 25, 16, "default"),
        Arguments.of("prefork", "# nothing\n", 256, 1, 256, "default"),
        // prefork lowers MaxRequestWorkers to ServerLimit.
        Arguments.of("prefork", "MaxRequestWorkers 500\n", 256, 1, 256, "config"),
        Arguments.of("prefork", "ServerLimit 600\nMaxRequestWorkers 500\n", 500, 1, 600, "config"),
        // Threaded: at most ServerLimit x ThreadsPerChild, a multiple of ThreadsPerChild.
        Arguments.of("event", "MaxRequestWorkers 1000\n", 400, 25, 16, "config"),
        Arguments.of("event", "MaxRequestWorkers 160\n", 150, 25, 16, "config"),
        Arguments.of("worker", "maxclients 10\n", 25, 25, 16, "config"),
        Arguments.of("event", "ThreadsPerChild 100\n", 1024, 64, 16, "config"),
        Arguments.of(
            "event",
            "<IfModule mpm_event_module>\n  ThreadLimit 128\n  ThreadsPerChild 100\n"
                + "  ServerLimit 4\n</IfModule>\n",
            400,
            100,
            4,
            "config"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void limits(String mpm, String text, int max, int threads, int serverLimit, String source) {
    MpmLimits l = MpmLimits.parse(mpm, text);
    assertThat(l).isEqualTo(new MpmLimits(max, threads, serverLimit, source));
  }
}
