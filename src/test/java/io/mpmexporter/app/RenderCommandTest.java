package io.mpmexporter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.ExpositionText;
import io.mpmexporter.Fixtures;
import io.mpmexporter.apache.ParseException;
import io.mpmexporter.config.UsageException;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderCommandTest {

  private static String render(String... args) throws Exception {
    StringWriter w = new StringWriter();
    RenderCommand.run(args, w);
    return w.toString();
  }

  @Test
  void rendersWhatTheExporterWouldServe() throws Exception {
    String out =
        render(
            "--status-file", Fixtures.REAL.resolve("status-event-idle.txt").toString(),
            "--ctl-file", Fixtures.REAL.resolve("ctl-V-prefork.txt").toString(),
            "--modules-file", Fixtures.REAL.resolve("ctl-M-prefork.txt").toString(),
            "--apache.expected-mpm", "event");
    Map<String, Double> m = ExpositionText.parse(out);
    assertThat(m).containsEntry("apache_up", 1.0);
    assertThat(m).containsEntry("apache_mpm_running{mpm=\"event\"}", 1.0);
    assertThat(m).containsEntry("apache_mpm_configured{mpm=\"prefork\"}", 1.0);
    assertThat(m).containsEntry("apache_mpm_restart_pending", 1.0);
    assertThat(m).containsEntry("apache_mpm_unexpected", 0.0);
    assertThat(m).containsEntry("apache_modules_loaded{module=\"mpm_prefork_module\"}", 1.0);
    assertThat(out).contains("# TYPE apache_accesses_total counter");
  }

  @Test
  void anHtmlPageIsAOneLineErrorNamingTheFile() {
    String file = Fixtures.REAL.resolve("status-event-html-page.html").toString();
    assertThatThrownBy(() -> render("--status-file", file))
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith(file)
        .hasMessageNotContaining("\n");
  }

  @Test
  void missingOrUnknownFlagsAreUsageErrors() {
    assertThatThrownBy(RenderCommandTest::render).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> render("--status-file", "/nonexistent"))
        .isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> render("--bogus", "1")).isInstanceOf(UsageException.class);
  }
}
