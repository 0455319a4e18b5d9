package io.mpmexporter.mpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The override file on RHEL's layout (no helper to run): written, read back, undone. */
class CapacityOverrideTest {
  @TempDir Path root;

  @Test
  void aWriteIsUndoneToNoFileOrToTheTextBefore() throws Exception {
    Files.createDirectories(root.resolve("conf.d"));
    CapacityOverride o = CapacityOverride.rhel(root);
    assertThat(o.file()).isEqualTo(root.resolve("conf.d/zz-apache-mpm-exporter-capacity.conf"));
    assertThat(o.current()).isNull();

    String first = CapacityOverride.text(null, Mpm.EVENT, List.of("MaxRequestWorkers 400"), "why");
    ConfigBackend.Undo undoFirst = o.write(first);
    assertThat(Files.readString(o.file())).isEqualTo(first);
    assertThat(Files.getPosixFilePermissions(o.file()).toString()).contains("OTHERS_READ");

    String second =
        CapacityOverride.text(first, Mpm.PREFORK, List.of("MaxRequestWorkers 600"), "why");
    ConfigBackend.Undo undoSecond = o.write(second);
    assertThat(undoSecond.undo()).startsWith("restored");
    assertThat(Files.readString(o.file())).isEqualTo(first);
    assertThat(undoFirst.undo()).startsWith("removed");
    assertThat(o.file()).doesNotExist();
    try (var left = Files.list(root.resolve("conf.d"))) {
      assertThat(left).as("no temp file left").isEmpty();
    }
  }

  @Test
  void theRecoveryRestoresWhatTheIntentRecorded() throws Exception {
    Files.createDirectories(root.resolve("conf.d"));
    CapacityOverride o = CapacityOverride.rhel(root);
    o.write(CapacityOverride.text(null, Mpm.WORKER, List.of("MaxRequestWorkers 300"), "why"));
    assertThat(o.restore(null, true)).startsWith("removed");
    assertThat(o.file()).doesNotExist();
  }
}
