package io.mpmexporter.apache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real process runner, on real programs. */
class ProcessCommandRunnerTest {
  private final ProcessCommandRunner runner = new ProcessCommandRunner(4096);

  @AfterEach
  void close() {
    runner.close();
  }

  @Test
  void stdoutStderrAndExitCodeAreKeptApart() throws Exception {
    CommandResult r =
        runner.run(List.of("ls", "/nonexistent-dir-for-test", "/"), Duration.ofSeconds(5));
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stdout()).contains("etc");
    assertThat(r.stderr()).contains("nonexistent-dir-for-test");
    assertThat(r.firstLine()).contains("nonexistent-dir-for-test");
  }

  @Test
  void withASearchPathABareNameIsFoundOnlyThereAndChildrenGetThatPath(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    // A program planted in a folder of our own is what an inherited PATH could put first.
    java.nio.file.Path planted = dir.resolve("planted-by-path");
    java.nio.file.Files.writeString(planted, "#!/bin/sh\necho planted\n");
    planted.toFile().setExecutable(true);
    ProcessCommandRunner fixed = new ProcessCommandRunner(4096, List.of(dir.resolve("none"), dir));
    ProcessCommandRunner system = new ProcessCommandRunner(4096, ProcessCommandRunner.SYSTEM_PATH);
    try {
      assertThat(fixed.resolve(List.of("planted-by-path", "a")))
          .containsExactly(planted.toString(), "a");
      assertThatThrownBy(() -> system.run(List.of("planted-by-path"), Duration.ofSeconds(5)))
          .hasMessageContaining("planted-by-path is not in /usr/sbin:/usr/bin:/sbin:/bin");
      assertThat(system.resolve(List.of("sh", "-c", "true")).get(0)).matches("/(usr/)?s?bin/sh");
      CommandResult env = system.run(List.of("sh", "-c", "echo $PATH"), Duration.ofSeconds(5));
      assertThat(env.stdout().strip()).isEqualTo("/usr/sbin:/usr/bin:/sbin:/bin");
      assertThat(system.resolve(List.of("/bin/echo", "x"))).containsExactly("/bin/echo", "x");
    } finally {
      fixed.close();
      system.close();
    }
  }

  @Test
  void argumentsAreNotInterpretedByAShell() throws Exception {
    CommandResult r =
        runner.run(List.of("echo", "$HOME;", "`id`", "|", "x"), Duration.ofSeconds(5));
    assertThat(r.stdout().strip()).isEqualTo("$HOME; `id` | x");
  }

  @Test
  void aHangingCommandIsKilledAtItsDeadline() throws Exception {
    long before = ProcessHandle.current().children().count();
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> runner.run(List.of("sleep", "30"), Duration.ofMillis(300)))
        .isInstanceOf(CommandRunner.CommandTimeoutException.class);
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count())
        .isEqualTo(before);
  }

  @Test
  void outputBeyondTheCapIsDrainedButNotKept() throws Exception {
    CommandResult r =
        runner.run(List.of("head", "-c", "5000000", "/dev/zero"), Duration.ofSeconds(10));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).hasSize(4096);
  }

  @Test
  void closeKillsACommandStillRunning() throws Exception {
    ProcessCommandRunner own = new ProcessCommandRunner(1024);
    Thread t =
        new Thread(
            () -> {
              try {
                own.run(List.of("sleep", "311"), Duration.ofSeconds(60));
              } catch (Exception expected) {
                // interrupted or killed
              }
            });
    t.start();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (ProcessHandle.current().children().noneMatch(AppliesTo::sleep311)
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(ProcessHandle.current().children().anyMatch(AppliesTo::sleep311)).isTrue();
    own.close();
    assertThat(ProcessHandle.current().children().anyMatch(AppliesTo::sleep311))
        .as("closed: no sleep left")
        .isFalse();
    t.join(5000);
  }

  private static final class AppliesTo {
    static boolean sleep311(ProcessHandle p) {
      return p.isAlive()
          && p.info().arguments().map(a -> a.length == 1 && a[0].equals("311")).orElse(false);
    }
  }
}
