package io.mpmexporter.mpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RhelMpmConfTest {
  /**
   * Synthetic, in the shape of RHEL/Fedora's conf.modules.d/00-mpm.conf: one LoadModule line per
   * MPM, comments around them, event active.
   */
  static final String RHEL9 =
      """
      # Exactly one of the LoadModule lines below may be active.

      # prefork: one process per connection
      #
      #LoadModule mpm_prefork_module modules/mod_mpm_prefork.so

      # worker: processes with threads
      #
      #LoadModule mpm_worker_module modules/mod_mpm_worker.so

      # event: like worker, idle keep-alive connections off the threads
      #
      LoadModule mpm_event_module modules/mod_mpm_event.so
      """;

  @Test
  void exactlyTheTargetLineIsActive() throws Exception {
    String out = RhelMpmConf.rewrite(RHEL9, Mpm.PREFORK);
    assertThat(out).contains("\nLoadModule mpm_prefork_module modules/mod_mpm_prefork.so\n");
    assertThat(out).contains("\n#LoadModule mpm_event_module modules/mod_mpm_event.so\n");
    assertThat(out).contains("\n#LoadModule mpm_worker_module modules/mod_mpm_worker.so\n");
    assertThat(out.lines().filter(l -> l.startsWith("LoadModule")).count()).isEqualTo(1);
    // Comments and blank lines are kept as they were.
    assertThat(out.lines().count()).isEqualTo(RHEL9.lines().count());
    assertThat(out).contains("# worker: processes with threads");
  }

  @Test
  void rewritingToTheActiveOneChangesNothingAndRoundTrips() throws Exception {
    assertThat(RhelMpmConf.rewrite(RHEL9, Mpm.EVENT)).isEqualTo(RHEL9);
    String worker = RhelMpmConf.rewrite(RHEL9, Mpm.WORKER);
    assertThat(RhelMpmConf.rewrite(worker, Mpm.EVENT)).isEqualTo(RHEL9);
  }

  @Test
  void twoActiveLinesBecomeOneAndIndentAndCrlfSurvive() throws Exception {
    String messy =
        "  LoadModule mpm_event_module modules/mod_mpm_event.so\r\n"
            + "# LoadModule mpm_prefork_module modules/mod_mpm_prefork.so\r\n"
            + "LoadModule mpm_worker_module modules/mod_mpm_worker.so\r\n";
    String out = RhelMpmConf.rewrite(messy, Mpm.PREFORK);
    assertThat(out)
        .isEqualTo(
            "  #LoadModule mpm_event_module modules/mod_mpm_event.so\r\n"
                + "LoadModule mpm_prefork_module modules/mod_mpm_prefork.so\r\n"
                + "#LoadModule mpm_worker_module modules/mod_mpm_worker.so\r\n");
  }

  @Test
  void aMissingTargetLineIsAnError() {
    assertThatThrownBy(() -> RhelMpmConf.rewrite("LoadModule mpm_event_module x.so\n", Mpm.WORKER))
        .isInstanceOf(SwitchException.class)
        .hasMessageContaining("mpm_worker_module");
  }

  @Test
  void selectWritesABackupKeepsPermissionsAndUndoRestores(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("00-mpm.conf");
    Files.writeString(file, RHEL9);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    RhelMpmConf conf = new RhelMpmConf(file);
    ConfigBackend.Undo undo = conf.select(Mpm.WORKER);
    assertThat(Files.readString(file)).contains("\nLoadModule mpm_worker_module");
    assertThat(Files.readString(conf.backup())).isEqualTo(RHEL9);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");
    assertThat(undo.undo()).contains("restored");
    assertThat(Files.readString(file)).isEqualTo(RHEL9);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temp files left behind")
          .containsExactlyInAnyOrder("00-mpm.conf", "00-mpm.conf.mpm-exporter.bak");
    }
  }
}
