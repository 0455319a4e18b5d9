package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.ExpositionText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The jar's command line as an operator meets it: exit codes and messages. */
class CommandLineIT {
  @TempDir Path tmp;

  record Run(int exit, String stdout, String stderr) {}

  static Run java(String... args) throws Exception {
    List<String> cmd = Tools.exporterCommand(List.of(), args);
    Path out = Files.createTempFile("cli", ".out");
    Path err = Files.createTempFile("cli", ".err");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("no exit within 30s: " + cmd);
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--poll.interval=fast",
        "--web.listen-address=nowhere",
        "--apache.status-url=file:///etc/passwd",
        "--no-such-flag"
      })
  void aBadFlagIsNamedAndExits2(String arg) throws Exception {
    Run r = java(arg);
    assertThat(r.exit()).isEqualTo(2);
    String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
    assertThat(r.stderr()).contains(flag.replace("--no-such-flag", "no-such-flag"));
    assertThat(r.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--admin.backend=suse",
        "--admin.switch-user=a;b",
        "--apache.service=apache2",
        "--admin.token-file=/t",
        "--admin.switch-socket=relative.sock"
      })
  void aBadSwitchAgentFlagIsNamedAndExits2(String arg) throws Exception {
    Run r = java("switch-agent", arg);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains(arg.substring(0, arg.indexOf('=')));
    assertThat(r.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /**
   * The root agent writes its socket, audit log and switch record only in folders of its own that
   * nobody else may write: in another user's folder that user could plant a symlink or a socket.
   */
  @ParameterizedTest
  @ValueSource(strings = {"--admin.switch-socket", "--admin.switch-state-dir", "--admin.audit-log"})
  void theAgentRefusesAFolderOthersMayWrite(String flag) throws Exception {
    Path open = Files.createDirectories(tmp.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path mine = Files.createDirectories(tmp.resolve("mine"));
    String socket = mine.resolve("switch.sock").toString();
    String state = mine.resolve("state").toString();
    String audit = mine.resolve("audit.log").toString();
    switch (flag) {
      case "--admin.switch-socket" -> socket = open.resolve("switch.sock").toString();
      case "--admin.switch-state-dir" -> state = open.toString();
      default -> audit = open.resolve("audit.log").toString();
    }
    Run r =
        java(
            "switch-agent",
            "--apache.service=none",
            "--admin.switch-user=" + System.getProperty("user.name"),
            "--admin.switch-socket=" + socket,
            "--admin.switch-state-dir=" + state,
            "--admin.audit-log=" + audit);
    assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
    assertThat(r.stderr()).contains(flag, "writable by nobody else");
    assertThat(open).isEmptyDirectory();
  }

  @Test
  void aSwitchFlagGivenToTheExporterPointsToTheAgent() throws Exception {
    Run r = java("--apache.stop-cmd=systemctl stop apache2");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains("--apache.stop-cmd is a flag of the switch agent");
  }

  @Test
  void switchAgentHelpListsItsFlagsAndExits0() throws Exception {
    Run r = java("switch-agent", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.stdout()).contains("--admin.switch-user", "--apache.service", "--admin.backend");
    assertThat(r.stdout()).doesNotContain("--admin.token-file");
  }

  @Test
  void helpListsTheFlagsAndExits0() throws Exception {
    Run r = java("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.stdout()).contains("--web.listen-address", "--apache.expected-mpm", "render");
  }

  @Test
  void everySubcommandsHelpExits0AndListsItsOwnFlags() throws Exception {
    Run render = java("render", "--help");
    assertThat(render.exit()).isZero();
    assertThat(render.stdout()).contains("--status-file", "--ctl-file").doesNotContain("--poll");
    Run rules = java("rules", "--help");
    assertThat(rules.exit()).isZero();
    assertThat(rules.stdout()).contains("--runbook-base", "--job-selector");
    Run bad = java("rules", "--poll.interval=1s");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.stderr()).contains("--poll.interval is not a flag of rules");
  }

  @Test
  void renderPrintsTheExpositionForSavedOutputs() throws Exception {
    Path real = Tools.projectRoot().resolve("src/test/resources/fixtures/real/debian-2.4.71");
    Run r =
        java(
            "render",
            "--status-file",
            real.resolve("status-worker-under-load.txt").toString(),
            "--ctl-file",
            real.resolve("ctl-V-worker.txt").toString(),
            "--apache.expected-mpm",
            "event");
    assertThat(r.exit()).isZero();
    var m = ExpositionText.parse(r.stdout());
    assertThat(m).containsEntry("apache_up", 1.0);
    assertThat(m).containsEntry("apache_mpm_running{mpm=\"worker\"}", 1.0);
    assertThat(m).containsEntry("apache_mpm_unexpected", 1.0);
  }

  @Test
  void renderOfAnHtmlPageIsAOneLineErrorAndExits1() throws Exception {
    Path html =
        Tools.projectRoot()
            .resolve("src/test/resources/fixtures/real/debian-2.4.71/status-event-html-page.html");
    Run r = java("render", "--status-file", html.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr().strip()).contains("HTML").doesNotContain("\n");
  }

  @Test
  void renderOfBinaryGarbageIsAOneLineError() throws Exception {
    Path bin = tmp.resolve("garbage.bin");
    byte[] bytes = new byte[2048];
    new java.util.Random(1).nextBytes(bytes);
    Files.write(bin, bytes);
    Run r = java("render", "--status-file", bin.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stderr().strip()).contains("binary").doesNotContain("\n");
  }
}
