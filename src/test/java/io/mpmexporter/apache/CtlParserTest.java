package io.mpmexporter.apache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CtlParserTest {

  @ParameterizedTest
  @CsvSource({"event,true,true", "worker,true,true", "prefork,false,true"})
  void recordedVersionOutputNamesTheMpmAndItsShape(String mpm, boolean threaded, boolean forked)
      throws Exception {
    CtlInfo info = CtlParser.parseVersion(Fixtures.real("ctl-V-" + mpm + ".txt"));
    assertThat(info.mpm()).isEqualTo(mpm);
    assertThat(info.threaded()).isEqualTo(threaded);
    assertThat(info.forked()).isEqualTo(forked);
    assertThat(info.version()).isEqualTo("Apache/2.4.71 (Debian)");
    assertThat(info.architecture()).isEqualTo("64-bit");
    assertThat(info.built()).isEqualTo("2026-11-12T08:58:41");
  }

  @ParameterizedTest
  @CsvSource({"event", "worker", "prefork"})
  void recordedModuleListHoldsTheMpmModule(String mpm) throws Exception {
    var modules = CtlParser.parseModules(Fixtures.real("ctl-M-" + mpm + ".txt"));
    assertThat(modules).contains("mpm_" + mpm + "_module", "core_module", "status_module");
    assertThat(modules.stream().filter(m -> m.startsWith("mpm_"))).hasSize(1);
  }

  @Test
  void anEmptyMpmLineGivesNoMpm() throws Exception {
    CtlInfo info = CtlParser.parseVersion(Fixtures.synthetic("ctl-V-no-mpm.txt"));
    assertThat(info.mpm()).isNull();
    assertThat(info.threaded()).isNull();
  }

  @Test
  void garbageIsNotVersionOutput() {
    assertThatThrownBy(() -> CtlParser.parseVersion("Segmentation fault\n"))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("Server version");
    assertThatThrownBy(() -> CtlParser.parseVersion("")).isInstanceOf(ParseException.class);
  }

  @Test
  void garbageIsNotModuleOutput() {
    assertThatThrownBy(() -> CtlParser.parseModules("usage: apachectl ...\n"))
        .isInstanceOf(ParseException.class);
  }

  @Test
  void theRecordedRunConfigNamesThePidFile() throws Exception {
    assertThat(CtlParser.parsePidFile(Fixtures.real("ctl-t-DUMP_RUN_CFG.txt")))
        .isEqualTo(java.nio.file.Path.of("/tmp/instance/run/apache2.pid"));
  }

  @Test
  void aRelativePidFileIsUnderServerRoot() throws Exception {
    assertThat(CtlParser.parsePidFile("ServerRoot: \"/etc/httpd\"\nPidFile: \"run/httpd.pid\"\n"))
        .isEqualTo(java.nio.file.Path.of("/etc/httpd/run/httpd.pid"));
    assertThatThrownBy(() -> CtlParser.parsePidFile("Syntax OK\n"))
        .isInstanceOf(ParseException.class);
  }

  @Test
  void aPidFileWithANulByteIsAParseErrorNotACrash() {
    // Found by Jazzer (ParsersFuzzTest.apachectlOutput); its input is kept as a regression seed.
    assertThatThrownBy(() -> CtlParser.parsePidFile("PidFile: /run/a\u0000b.pid\n"))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("not a usable path");
  }
}
