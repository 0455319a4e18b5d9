package io.mpmexporter.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.config.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminTokenTest {
  @TempDir Path dir;

  private Path file(String content, String mode) throws Exception {
    Path f = dir.resolve("token");
    Files.writeString(f, content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  @Test
  void aPrivateFileWithALongTokenIsRead() throws Exception {
    String token = "a".repeat(64);
    AdminToken t = AdminToken.read(file(token + "\n", "rw-------"));
    assertThat(t.matches(token)).isTrue();
    assertThat(t.matches(token + "a")).isFalse();
    assertThat(AdminToken.read(file(token, "r--------")).matches(token)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-rw-rw-", "rw-----w-", "rwx--x---"})
  void groupOrOtherBitsAreRefused(String mode) throws Exception {
    Path f = file("b".repeat(40), mode);
    assertThatThrownBy(() -> AdminToken.read(f))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--admin.token-file")
        .hasMessageContaining("chmod 600");
  }

  @Test
  void aShortTokenIsRefusedWithoutShowingIt() throws Exception {
    Path f = file("secret-but-short\n", "rw-------");
    assertThatThrownBy(() -> AdminToken.read(f))
        .hasMessageContaining("16 characters, 96 bits at most, fewer than 256")
        .hasMessageContaining("head -c 32 /dev/urandom | base64")
        .hasMessageNotContaining("secret");
  }

  @Test
  void theDocsGeneratorsGive256BitsAndHalfAsMuchIsRefused() throws Exception {
    byte[] random = new byte[32];
    new java.security.SecureRandom().nextBytes(random);
    String base64 = java.util.Base64.getEncoder().encodeToString(random); // 44 with one "="
    String hex = java.util.HexFormat.of().formatHex(random);
    assertThat(AdminToken.bits(base64)).isGreaterThanOrEqualTo(256);
    assertThat(AdminToken.bits(hex)).isEqualTo(256);
    AdminToken.read(file(base64 + "\n", "rw-------"));
    AdminToken.read(file(hex + "\n", "rw-------"));
    String halfHex = hex.substring(0, 32); // 128 bits: what the old 32-character rule let through
    assertThatThrownBy(() -> AdminToken.read(file(halfHex, "rw-------")))
        .hasMessageContaining("128 bits at most");
    String shortBase64 = base64.substring(0, 32); // 192 bits
    assertThatThrownBy(() -> AdminToken.read(file(shortBase64, "rw-------")))
        .hasMessageContaining("192 bits at most");
  }

  @Test
  void spacesInsideOrNonAsciiAreRefused() throws Exception {
    Path spaced = file("a".repeat(20) + " " + "a".repeat(20), "rw-------");
    assertThatThrownBy(() -> AdminToken.read(spaced)).hasMessageContaining("printable ASCII");
    Path utf = file("é".repeat(40), "rw-------");
    assertThatThrownBy(() -> AdminToken.read(utf)).hasMessageContaining("printable ASCII");
  }

  @Test
  void aMissingFileOrAFolderIsNamed() {
    assertThatThrownBy(() -> AdminToken.read(dir.resolve("nope")))
        .hasMessageContaining("is not a regular file");
    assertThatThrownBy(() -> AdminToken.read(dir)).hasMessageContaining("is not a regular file");
  }
}
