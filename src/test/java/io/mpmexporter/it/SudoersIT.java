package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shipped sudoers drop-in: valid for sudo, and narrow. */
class SudoersIT {
  private static final Path FILE =
      Tools.projectRoot().resolve("packaging/sudoers.d/apache-mpm-exporter");

  @Test
  void visudoAcceptsIt() throws Exception {
    Path visudo = Tools.require("visudo", "sudo");
    Process p =
        new ProcessBuilder(visudo.toString(), "-cf", FILE.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("parsed OK");
  }

  @Test
  void everyGrantedCommandIsAnExactArgumentListWithoutWildcards() throws Exception {
    List<String> commands = new ArrayList<>();
    for (String line : Files.readAllLines(FILE)) {
      String l = line.strip();
      if (l.startsWith("/")) {
        commands.add(l.replaceAll(",?\\s*\\\\?$", ""));
      }
    }
    assertThat(commands).hasSize(14);
    for (String c : commands) {
      assertThat(c).doesNotContain("*", "?", "[", "ALL", "sh ", "-c ", "kill", "sudoedit");
      assertThat(c.split(" ")[0])
          .isIn(
              "/usr/sbin/apache2ctl",
              "/usr/bin/systemctl",
              "/usr/sbin/a2enmod",
              "/usr/sbin/a2dismod");
    }
    assertThat(commands)
        .contains(
            "/usr/sbin/apache2ctl -t -D DUMP_RUN_CFG",
            "/usr/sbin/a2enmod -q mpm_prefork",
            "/usr/sbin/a2dismod -q mpm_event");
    String grant =
        Files.readAllLines(FILE).stream()
            .filter(l -> l.startsWith("apache-mpm-exporter "))
            .findFirst()
            .orElseThrow();
    assertThat(grant)
        .contains("(root) NOPASSWD: APACHE_MPM_EXPORTER_READ, APACHE_MPM_EXPORTER_SWITCH");
  }
}
