package io.mpmexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.apache.StatusAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusAccessFlagsTest {
  @TempDir Path tmp;

  private static StatusAccess access(String... args) throws UsageException {
    return ConfigParser.parse(args, Map.of()).statusAccess();
  }

  @Test
  void noFlagsIsAnOpenPage() throws Exception {
    StatusAccess a = access();
    assertThat(a.tls()).isNull();
    assertThat(a.headers()).isEmpty();
    assertThat(a.authorization()).isNull();
    assertThat(a.hostOverride()).isNull();
  }

  @Test
  void headersRepeatInOrder() throws Exception {
    StatusAccess a = access("--apache.header=X-One: 1", "--apache.header", "X-Two:  two words ");
    assertThat(a.headers()).extracting(Map.Entry::getKey).containsExactly("X-One", "X-Two");
    assertThat(a.headers().get(1).getValue()).isEqualTo("two words");
  }

  @Test
  void thePasswordComesFromItsFileAndNeverShows() throws Exception {
    Path p = tmp.resolve("pass");
    Files.writeString(p, "s3cret\nignored\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r-----"));
    StatusAccess a = access("--apache.username=u", "--apache.password-file=" + p);
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
    assertThatThrownBy(() -> access("--apache.username=u", "--apache.password-file=" + p))
        .hasMessageContaining("--apache.password-file")
        .hasMessageContaining("world-readable");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--apache.client-cert-file=/x.pem|--apache.client-cert-file",
        "--apache.ca-file=/ca.pem|https://",
        "--apache.insecure|https://",
        "--apache.username=u|--apache.username",
        "--apache.password-file=/p|--apache.username",
        "--apache.header=Host: other|--apache.host-override",
        "--apache.header=no colon|--apache.header",
        "--apache.header=Bad Name: x|--apache.header",
        "--apache.host-override=a b|--apache.host-override",
      })
  void inconsistentFlagsNameTheFlag(String arg, String message) {
    assertThatThrownBy(() -> access(arg)).hasMessageContaining(message);
  }

  @Test
  void aControlCharacterInAHeaderValueIsRefused() {
    assertThatThrownBy(() -> access("--apache.header=X-A: a\rInjected: b"))
        .hasMessageContaining("control character");
  }

  @Test
  void tlsFlagsNeedHttps() throws Exception {
    assertThat(access("--apache.status-url=https://127.0.0.1/s?auto", "--apache.insecure").tls())
        .isNotNull();
    assertThatThrownBy(
            () ->
                access(
                    "--apache.status-url=https://127.0.0.1/s?auto",
                    "--apache.insecure",
                    "--apache.ca-file=/ca.pem"))
        .hasMessageContaining("contradict");
  }
}
