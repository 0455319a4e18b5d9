package io.mpmexporter.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.config.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProbeConfigFileTest {
  @TempDir Path dir;

  private Path password(String mode) throws Exception {
    Path p = dir.resolve("pw");
    Files.writeString(p, "s3cret\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    return p;
  }

  @Test
  void readsModulesWithTheirAccessAndTheAllowedTargets() throws Exception {
    password("rw-------");
    ProbeConfigFile.Settings s =
        ProbeConfigFile.parse(
            String.join(
                "\n",
                "modules:",
                "  default:",
                "  auth:",
                "    scheme: https",
                "    path: /status-basic?auto",
                "    timeout: 2500ms",
                "    basic_auth: {username: prometheus, password_file: pw}",
                "    headers: {X-Status-Token: sesame}",
                "    host_override: status.internal",
                "    expected_mpm: [event, worker]",
                "allowed_targets: [10.0.0.0/8, web1.internal]"),
            dir);
    assertThat(s.modules()).containsOnlyKeys("default", "auth");
    ProbeModule d = s.modules().get("default");
    assertThat(d.scheme()).isEqualTo("http");
    assertThat(d.path()).isEqualTo("/server-status?auto");
    assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(5));
    ProbeModule a = s.modules().get("auth");
    assertThat(a.timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(a.access().authorization()).isEqualTo("Basic cHJvbWV0aGV1czpzM2NyZXQ=");
    assertThat(a.access().headers()).hasSize(1);
    assertThat(a.access().hostOverride()).isEqualTo("status.internal");
    assertThat(a.expectedMpms()).isEqualTo(List.of("event", "worker"));
    assertThat(a.toString()).doesNotContain("s3cret").doesNotContain("cHJvbWV0aGV1czpzM2NyZXQ=");
    assertThat(s.allowed().allows("10.9.9.9", 80)).isTrue();
    assertThat(s.allowed().allows("web2.internal", 80)).isFalse();
  }

  @Test
  void withoutModulesThereIsADefault() throws Exception {
    ProbeConfigFile.Settings s = ProbeConfigFile.parse("allowed_targets: [web1.internal]", dir);
    assertThat(s.modules()).containsOnlyKeys("default");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "modules: {}| allowed_targets is required",
        "allowed_targets: [10.0.0.0/33]| allowed_targets: '10.0.0.0/33'",
        "allowed_targets: 10.0.0.0/8| allowed_targets must be a list",
        "allowed_targets: [a]\\nextra: 1| extra is not supported",
        "allowed_targets: [a]\\nmodules: {m: {password: x}}| modules.m.password is not supported",
        "allowed_targets: [a]\\nmodules: {m: {scheme: ftp}}| modules.m.scheme must be http or https",
        "allowed_targets: [a]\\nmodules: {m: {timeout: soon}}| modules.m.timeout",
        "allowed_targets: [a]\\nmodules: {m: {timeout: 3m}}| at most 2m",
        "allowed_targets: [a]\\nmodules: {m: {path: status}}| must start with /",
        "allowed_targets: [a]\\nmodules: {m: {expected_mpm: [Event]}}| not an MPM name",
        "allowed_targets: [a]\\nmodules: {m: {tls: {insecure_skip_verify: yes please}}}| true or"
            + " false",
        "allowed_targets: [a]\\nmodules: {m: {tls: {cert_file: c.pem}}}| both cert_file and"
            + " key_file",
        "allowed_targets: [a]\\nmodules: {m: {tls: {ca_file: missing.pem}}}| modules.m.tls",
        "allowed_targets: [a]\\nmodules: {m: {basic_auth: {username: u}}}| a password_file",
        "allowed_targets: [a]\\nmodules: {m: {basic_auth: {username: u, password_file: none}}}|"
            + " cannot read",
        "allowed_targets: [a]\\nmodules: {m: {headers: {Host: x}}}| Host cannot be set",
        "allowed_targets: [a]\\nmodules: {'a b': {}}| not a module name",
        "allowed_targets: [a]\\nallowed_targets: [b]| not valid YAML",
        "!!java.lang.Object {}| not valid YAML",
      })
  void aBadFileNamesTheKey(String yaml, String message) {
    assertThatThrownBy(() -> ProbeConfigFile.parse(yaml.replace("\\n", "\n"), dir))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--probe.config.file: ")
        .hasMessageContaining(message.strip());
  }

  @Test
  void aWorldReadablePasswordFileIsRefused() throws Exception {
    password("rw-r--r--");
    assertThatThrownBy(
            () ->
                ProbeConfigFile.parse(
                    "allowed_targets: [a]\nmodules: {m: {basic_auth: {username: u, password_file:"
                        + " pw}}}",
                    dir))
        .hasMessageContaining("world-readable")
        .hasMessageNotContaining("s3cret");
  }
}
