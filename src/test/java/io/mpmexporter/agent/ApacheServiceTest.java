package io.mpmexporter.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.apache.CommandResult;
import io.mpmexporter.config.AgentConfig;
import io.mpmexporter.config.ConfigParser;
import io.mpmexporter.mpm.SwitchCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the agent picks its stop and start commands; systemctl is played at the process boundary (the
 * real one is exercised in scripts/systemd-check, in a container booted with systemd).
 */
class ApacheServiceTest {
  @TempDir Path tmp;
  private final List<List<String>> calls = new ArrayList<>();

  /** A systemctl that knows only {@code loadedUnit}. */
  private SwitchCommands ctl(String loadedUnit) {
    return new SwitchCommands(
        List.of("apache2ctl"),
        Duration.ofSeconds(1),
        (command, timeout) -> {
          calls.add(command);
          boolean loaded = command.get(command.size() - 1).equals(loadedUnit);
          return new CommandResult(0, loaded ? "loaded\n" : "not-found\n", "");
        });
  }

  private static AgentConfig config(String... flags) throws Exception {
    return ConfigParser.parseAgent(flags, Map.of());
  }

  private Path systemd() throws Exception {
    return Files.createDirectories(tmp.resolve("run/systemd/system"));
  }

  @Test
  void withSystemdTheLoadedApacheUnitIsStoppedAndStartedBySystemctl() throws Exception {
    ApacheService.Commands c = ApacheService.choose(config(), ctl("httpd.service"), systemd());
    assertThat(c.unit()).isEqualTo("httpd.service");
    assertThat(c.stop()).containsExactly("systemctl", "stop", "httpd.service");
    assertThat(c.start()).containsExactly("systemctl", "start", "httpd.service");
    assertThat(calls).hasSize(2);
  }

  @Test
  void withoutSystemdItIsApachectlAndSystemctlIsNeverAsked() throws Exception {
    ApacheService.Commands c =
        ApacheService.choose(config(), ctl("apache2.service"), tmp.resolve("absent"));
    assertThat(c.unit()).isNull();
    assertThat(c.stop()).containsExactly("apache2ctl", "stop");
    assertThat(c.start()).containsExactly("apache2ctl", "start");
    assertThat(calls).isEmpty();
  }

  @Test
  void noLoadedUnitMeansApachectl() throws Exception {
    ApacheService.Commands c = ApacheService.choose(config(), ctl("nginx.service"), systemd());
    assertThat(c.stop()).containsExactly("apache2ctl", "stop");
  }

  @Test
  void noneAndExplicitCommandsWin() throws Exception {
    assertThat(
            ApacheService.choose(config("--apache.service=none"), ctl("apache2.service"), systemd())
                .stop())
        .containsExactly("apache2ctl", "stop");
    ApacheService.Commands c =
        ApacheService.choose(
            config("--apache.service=apache2@www.service", "--apache.start-cmd=/bin/false"),
            ctl("x"),
            systemd());
    assertThat(c.stop()).containsExactly("systemctl", "stop", "apache2@www.service");
    assertThat(c.start()).containsExactly("/bin/false");
  }
}
