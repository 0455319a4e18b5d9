package io.mpmexporter.apache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.Fixtures;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Faults of apachectl that a real Apache cannot show on demand, through a fake at the process
 * boundary.
 */
class ApacheCtlTest {
  private final List<List<String>> calls = new ArrayList<>();

  private ApacheCtl ctl(CommandRunner runner) {
    return new ApacheCtl(List.of("env", "LANG=C", "apache2ctl"), Duration.ofSeconds(1), runner);
  }

  private CommandRunner answering(CommandResult result) {
    return (command, timeout) -> {
      calls.add(command);
      return result;
    };
  }

  @Test
  void runsTheConfiguredCommandWithTheFlagAppended() throws Exception {
    CtlInfo info =
        ctl(answering(new CommandResult(0, Fixtures.real("ctl-V-worker.txt"), ""))).version();
    assertThat(info.mpm()).isEqualTo("worker");
    assertThat(calls).containsExactly(List.of("env", "LANG=C", "apache2ctl", "-V"));
  }

  @Test
  void aNonZeroExitIsAFailureEvenWithText() {
    CommandResult partial =
        new CommandResult(1, Fixtures.synthetic("ctl-V-no-mpm.txt"), "AH00534: No MPM loaded.\n");
    assertThatThrownBy(() -> ctl(answering(partial)).version())
        .isInstanceOfSatisfying(
            PollFailure.class, f -> assertThat(f.reason()).isEqualTo(PollFailure.CTL_EXIT))
        .hasMessageContaining("exit 1")
        .hasMessageContaining("AH00534");
  }

  @Test
  void garbageIsAParseFailure() {
    assertThatThrownBy(
            () -> ctl(answering(new CommandResult(0, "\u0000\u0001garbage", ""))).version())
        .isInstanceOfSatisfying(
            PollFailure.class, f -> assertThat(f.reason()).isEqualTo(PollFailure.PARSE));
    assertThatThrownBy(() -> ctl(answering(new CommandResult(0, "nothing", ""))).modules())
        .isInstanceOfSatisfying(
            PollFailure.class, f -> assertThat(f.reason()).isEqualTo(PollFailure.PARSE));
  }

  @Test
  void aHangIsATimeoutFailure() {
    CommandRunner hangs =
        (command, timeout) -> {
          throw new CommandRunner.CommandTimeoutException("did not finish");
        };
    assertThatThrownBy(() -> ctl(hangs).version())
        .isInstanceOfSatisfying(
            PollFailure.class, f -> assertThat(f.reason()).isEqualTo(PollFailure.CTL_TIMEOUT));
  }

  @Test
  void aMissingProgramIsAnExecFailure() {
    CommandRunner missing =
        (command, timeout) -> {
          throw new IOException("No such file or directory");
        };
    assertThatThrownBy(() -> ctl(missing).modules())
        .isInstanceOfSatisfying(
            PollFailure.class, f -> assertThat(f.reason()).isEqualTo(PollFailure.CTL_EXEC));
  }

  @Test
  void aRealMissingProgramIsAnExecFailureToo() {
    ProcessCommandRunner runner = new ProcessCommandRunner(1024);
    ApacheCtl real =
        new ApacheCtl(List.of("/nonexistent/apachectl"), Duration.ofSeconds(1), runner);
    assertThatThrownBy(real::version)
        .isInstanceOfSatisfying(
            PollFailure.class, f -> assertThat(f.reason()).isEqualTo(PollFailure.CTL_EXEC));
    runner.close();
  }
}
