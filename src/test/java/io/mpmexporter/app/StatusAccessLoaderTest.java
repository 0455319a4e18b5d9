package io.mpmexporter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.apache.StatusAccess;
import io.mpmexporter.config.ConfigParser;
import io.mpmexporter.config.UsageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the access flags name, loaded at start-up: the password file and the TLS context. */
class StatusAccessLoaderTest {
  @TempDir Path tmp;

  private static StatusAccess load(String... args) throws UsageException {
    return StatusAccessLoader.load(ConfigParser.parse(args, Map.of()).apache());
  }

  @Test
  void noFlagsIsAnOpenPage() throws Exception {
    StatusAccess a = load();
    assertThat(a.tls()).isNull();
    assertThat(a.authorization()).isNull();
  }

  @Test
  void thePasswordComesFromItsFileAndNeverShows() throws Exception {
    Path p = tmp.resolve("pass");
    Files.writeString(p, "s3cret\nignored\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r-----"));
    StatusAccess a = load("--apache.username=u", "--apache.password-file=" + p);
    assertThat(a.authorization())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder().encodeToString("u:s3cret".getBytes(StandardCharsets.UTF_8)));
    assertThat(a.toString()).doesNotContain("s3cret").doesNotContain(a.authorization());
  }

  @Test
  void aWorldReadablePasswordFileIsRefused() throws Exception {
    Path p = tmp.resolve("pass");
    Files.writeString(p, "s3cret\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> load("--apache.username=u", "--apache.password-file=" + p))
        .hasMessageContaining("--apache.password-file")
        .hasMessageContaining("world-readable");
  }

  @Test
  void aMissingOrEmptyPasswordFileNamesTheFlag() throws Exception {
    assertThatThrownBy(
            () -> load("--apache.username=u", "--apache.password-file=" + tmp.resolve("none")))
        .hasMessageContaining("--apache.password-file: cannot read");
    Path empty = tmp.resolve("empty");
    Files.writeString(empty, "\n");
    Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> load("--apache.username=u", "--apache.password-file=" + empty))
        .hasMessageContaining("is empty");
  }

  @Test
  void insecureHttpsGetsAContextOfItsOwn() throws Exception {
    StatusAccess a = load("--apache.status-url=https://127.0.0.1/s?auto", "--apache.insecure");
    assertThat(a.tls()).isNotNull();
    assertThat(a.insecure()).isTrue();
  }

  @Test
  void aMissingCaFileIsAUsageErrorAtStart() {
    assertThatThrownBy(
            () ->
                load(
                    "--apache.status-url=https://127.0.0.1/s?auto",
                    "--apache.ca-file=" + tmp.resolve("none.pem")))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("status page TLS:");
  }
}
