package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.apache.ProcessCommandRunner;
import io.mpmexporter.mpm.ApacheProcess;
import io.mpmexporter.mpm.SwitchCommands;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full stop and start of a real private Apache, with the traps APACHE-FACTS measured. */
class ApacheProcessIT {
  @TempDir Path tmp;
  private final ProcessCommandRunner runner = new ProcessCommandRunner(1 << 16);

  @AfterEach
  void close() {
    runner.close();
  }

  /** apache2ctl with the instance's environment, through env(1): an argument list, no shell. */
  private static List<String> ctl(ApacheInstance apache, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("env");
    apache.env().forEach((k, v) -> cmd.add(k + "=" + v));
    cmd.add("apache2ctl");
    cmd.addAll(List.of(args));
    return cmd;
  }

  private ApacheProcess process(ApacheInstance apache) {
    return new ApacheProcess(
        new SwitchCommands(ctl(apache), Duration.ofSeconds(30), runner),
        ctl(apache, "stop"),
        ctl(apache, "start"),
        Duration.ofSeconds(15));
  }

  private static boolean listening(int port) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return s.isConnected();
    } catch (ConnectException e) {
      return false;
    }
  }

  @Test
  void stopReturnsOnlyOnceTheParentIsGoneSoAStartRightAfterSucceeds() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      apache.start();
      ApacheProcess process = process(apache);
      Path pidFile = process.pidFile();
      assertThat(pidFile).isEqualTo(tmp.resolve("apache/run/apache2.pid").toAbsolutePath());
      ProcessHandle before = process.parent(pidFile).orElseThrow();

      long t0 = System.nanoTime();
      assertThat(process.stop(pidFile)).as("stopped without SIGTERM").isFalse();
      double stopSeconds = (System.nanoTime() - t0) / 1e9;
      assertThat(before.isAlive()).isFalse();
      assertThat(listening(apache.port())).isFalse();

      long t1 = System.nanoTime();
      ProcessHandle after = process.start(pidFile);
      double startSeconds = (System.nanoTime() - t1) / 1e9;
      assertThat(after.pid()).isNotEqualTo(before.pid());
      assertThat(listening(apache.port())).isTrue();
      System.out.printf(
          "full stop %.3f s (parent gone), start %.3f s%n", stopSeconds, startSeconds);
    }
  }

  @Test
  void aBrokenConfigMakesApachectlStopFailAndTheParentGetsSigterm() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      apache.start();
      ApacheProcess process = process(apache);
      Path pidFile = process.pidFile();
      ProcessHandle parent = process.parent(pidFile).orElseThrow();
      Path broken = tmp.resolve("apache/conf/conf-enabled/broken.conf");
      Files.writeString(broken, "ThisIsNotAnApacheDirective on\n");

      assertThat(process.stop(pidFile)).as("fell back to SIGTERM").isTrue();
      assertThat(parent.isAlive()).isFalse();
      assertThat(listening(apache.port())).isFalse();
      Files.delete(broken);
    }
  }
}
