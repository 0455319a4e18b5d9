package io.mpmexporter.mpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.Fixtures;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MpmConfigReaderTest {
  @TempDir Path tmp;

  static Path tree(String name) throws URISyntaxException {
    return Path.of(MpmConfigReaderTest.class.getResource("/fixtures/" + name).toURI());
  }

  /** A copy of a recorded tree the test may change. */
  private Path copy(String name) throws Exception {
    Path to = tmp.resolve("tree");
    Fixtures.copyTree(tree(name), to);
    return to;
  }

  private static MpmConfigReader.Effective debian(Path root, String mpm) throws IOException {
    return MpmConfigReader.read(root, root.resolve("apache2.conf"), mpm);
  }

  @ParameterizedTest
  @CsvSource({
    "prefork, 150, 1, 256, mods-available/mpm_prefork.conf:11",
    "event, 150, 25, 16, mods-available/mpm_event.conf:13",
    "worker, 150, 25, 16, mods-available/mpm_worker.conf:17",
  })
  void debianAsRecordedGivesEachMpmItsOwnFile(
      String mpm, int workers, int threads, int serverLimit, String setIn) throws Exception {
    MpmConfigReader.Effective e = debian(tree("real/debian-2.4.71/etc-apache2"), mpm);
    assertThat(e.limits().maxRequestWorkers()).isEqualTo(workers);
    assertThat(e.limits().threadsPerChild()).isEqualTo(threads);
    assertThat(e.limits().serverLimit()).isEqualTo(serverLimit);
    assertThat(e.setIn().get("maxrequestworkers")).isEqualTo(setIn);
  }

  @Test
  void aLaterSnippetForTheMpmWinsAndOthersDoNot() throws Exception {
    Path root = copy("real/debian-2.4.71/etc-apache2");
    Files.writeString(
        root.resolve("conf-enabled/zz-tuning.conf"),
        String.join(
            "\n",
            "<IfModule mpm_prefork_module>",
            "  ServerLimit 400",
            "  MaxRequestWorkers 400",
            "</IfModule>",
            "<IfModule mpm_event_module>",
            "  ServerLimit 20",
            "  MaxRequestWorkers \\",
            "     500",
            "</IfModule>",
            "<IfModule !mpm_prefork_module>",
            "  <IfModule mod_nonexistent.c>",
            "    MaxRequestWorkers 1",
            "  </IfModule>",
            "</IfModule>",
            ""));
    assertThat(debian(root, "prefork").limits().maxRequestWorkers()).isEqualTo(400);
    MpmConfigReader.Effective event = debian(root, "event");
    assertThat(event.limits().maxRequestWorkers()).isEqualTo(500);
    assertThat(event.limits().serverLimit()).isEqualTo(20);
    assertThat(event.setIn().get("maxrequestworkers")).isEqualTo("conf-enabled/zz-tuning.conf:7");
    assertThat(debian(root, "worker").limits().maxRequestWorkers()).isEqualTo(150);
  }

  @Test
  void httpdsClampsApply() throws Exception {
    Path root = copy("real/debian-2.4.71/etc-apache2");
    Files.writeString(
        root.resolve("conf-enabled/big.conf"),
        "<IfModule mpm_event_module>\nMaxRequestWorkers 1000\n</IfModule>\n"
            + "<IfModule mpm_prefork_module>\nMaxRequestWorkers 1000\n</IfModule>\n"
            + "<IfModule mpm_worker_module>\nMaxRequestWorkers 260\n</IfModule>\n");
    // event: ServerLimit 16 x ThreadsPerChild 25; prefork: ServerLimit 256; worker: a multiple of
    // 25.
    assertThat(debian(root, "event").limits().maxRequestWorkers()).isEqualTo(400);
    assertThat(debian(root, "prefork").limits().maxRequestWorkers()).isEqualTo(256);
    assertThat(debian(root, "worker").limits().maxRequestWorkers()).isEqualTo(250);
  }

  @ParameterizedTest
  @CsvSource({
    "prefork, 400, 1, 400",
    "event, 800, 50, 16",
    "worker, 400, 25, 16",
  })
  void rhelReadsConfDAndHttpdsDefaults(String mpm, int workers, int threads, int serverLimit)
      throws Exception {
    Path root = tree("synthetic/rhel9-httpd");
    MpmLimits l = MpmConfigReader.read(root, root.resolve("conf/httpd.conf"), mpm).limits();
    assertThat(l.maxRequestWorkers()).isEqualTo(workers);
    assertThat(l.threadsPerChild()).isEqualTo(threads);
    assertThat(l.serverLimit()).isEqualTo(serverLimit);
  }

  @Test
  void anIncludeLoopIsAnError() throws Exception {
    Files.writeString(tmp.resolve("a.conf"), "Include b.conf\n");
    Files.writeString(tmp.resolve("b.conf"), "Include a.conf\n");
    assertThatThrownBy(() -> MpmConfigReader.read(tmp, tmp.resolve("a.conf"), "event"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("loop");
  }
}
