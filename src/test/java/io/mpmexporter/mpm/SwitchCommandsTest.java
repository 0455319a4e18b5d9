package io.mpmexporter.mpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.Fixtures;
import io.mpmexporter.apache.CommandResult;
import io.mpmexporter.apache.CommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The switch side's commands fail as {@link SwitchException} with a one-line message naming the
 * command, whatever went wrong: faults of a process that a real Apache cannot show on demand,
 * through a fake at the process boundary (the real commands run in ApacheProcessIT, AdminIT,
 * HandoverIT).
 */
class SwitchCommandsTest {
  private final List<List<String>> calls = new ArrayList<>();

  private SwitchCommands commands(CommandRunner runner) {
    return new SwitchCommands(
        List.of("env", "LANG=C", "apache2ctl"), Duration.ofSeconds(3), runner);
  }

  private SwitchCommands answering(CommandResult result) {
    return commands(
        (command, timeout) -> {
          calls.add(command);
          return result;
        });
  }

  @Test
  void runsApachectlWithTheFlagAppended() throws Exception {
    SwitchCommands c = answering(new CommandResult(0, Fixtures.real("ctl-V-worker.txt"), ""));
    assertThat(c.version().mpm()).isEqualTo("worker");
    assertThat(c.command("-k", "stop"))
        .containsExactly("env", "LANG=C", "apache2ctl", "-k", "stop");
    assertThat(calls).containsExactly(List.of("env", "LANG=C", "apache2ctl", "-V"));
  }

  @Test
  void aCommandThatHangsIsASwitchFailureNamingItAndTheDeadline() {
    SwitchCommands c =
        commands(
            (command, timeout) -> {
              throw new CommandRunner.CommandTimeoutException("killed");
            });
    assertThatThrownBy(() -> c.run(List.of("a2enmod", "mpm_prefork")))
        .isInstanceOf(SwitchException.class)
        .hasMessage("a2enmod mpm_prefork: no answer within 3000ms");
  }

  @Test
  void aCommandThatCannotStartIsASwitchFailure() {
    SwitchCommands c =
        commands(
            (command, timeout) -> {
              throw new IOException("No such file or directory");
            });
    assertThatThrownBy(() -> c.run(List.of("systemctl", "stop", "apache2.service")))
        .isInstanceOf(SwitchException.class)
        .hasMessage("systemctl stop apache2.service: cannot run: No such file or directory");
  }

  @Test
  void aNonZeroExitOfMinusVIsAFailureWithApachesFirstLine() {
    SwitchCommands c =
        answering(
            new CommandResult(1, "", "AH00534: apache2: Configuration error: No MPM loaded.\n"));
    assertThatThrownBy(c::version)
        .isInstanceOf(SwitchException.class)
        .hasMessageStartingWith("env LANG=C apache2ctl -V: exit 1: AH00534");
  }

  @Test
  void garbageFromMinusVOrMinusMIsAFailure() {
    assertThatThrownBy(answering(new CommandResult(0, "\u0000garbage", ""))::version)
        .isInstanceOf(SwitchException.class)
        .hasMessageStartingWith("apachectl -V: ");
    assertThatThrownBy(answering(new CommandResult(0, "nothing", ""))::modules)
        .isInstanceOf(SwitchException.class)
        .hasMessageStartingWith("apachectl -M: ");
  }

  @Test
  void aFailedConfigtestIsTheCallersToJudge() throws Exception {
    CommandResult broken = new CommandResult(1, "", "AH00526: Syntax error on line 2\n");
    assertThat(answering(broken).configtest().exitCode()).isEqualTo(1);
  }
}
