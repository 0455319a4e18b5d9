package io.mpmexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code --apache.*} access flags, checked against each other without opening a file. */
class ApacheAccessTest {
  private static ApacheAccess access(String... args) throws UsageException {
    return ConfigParser.parse(args, Map.of()).apache();
  }

  @Test
  void noFlagsIsAnOpenPage() throws Exception {
    ApacheAccess a = access();
    assertThat(a.customTls()).isFalse();
    assertThat(a.headers()).isEmpty();
    assertThat(a.username()).isNull();
    assertThat(a.hostOverride()).isNull();
  }

  @Test
  void headersRepeatInOrder() throws Exception {
    ApacheAccess a = access("--apache.header=X-One: 1", "--apache.header", "X-Two:  two words ");
    assertThat(a.headers()).extracting(Map.Entry::getKey).containsExactly("X-One", "X-Two");
    assertThat(a.headers().get(1).getValue()).isEqualTo("two words");
  }

  @Test
  void thePasswordFileIsOnlyNamedWhileFlagsAreRead() throws Exception {
    // The file does not exist: it is read at start-up by the wiring layer, not by the parser.
    ApacheAccess a = access("--apache.username=u", "--apache.password-file=/no/such/file");
    assertThat(a.passwordFile()).isEqualTo(Path.of("/no/such/file"));
    assertThat(a.toString()).contains("basicAuth=true").doesNotContain("/no/such/file");
  }

  @Test
  void headerValuesNeverShowInTheLoggedForm() throws Exception {
    assertThat(access("--apache.header=X-Api-Key: s3cret").toString())
        .contains("X-Api-Key")
        .doesNotContain("s3cret");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--apache.client-cert-file=/x.pem|--apache.client-cert-file",
        "--apache.ca-file=/ca.pem|https://",
        "--apache.insecure|https://",
        "--apache.username=u|--apache.username",
        "--apache.username=a:b|--apache.username",
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
  void basicAuthAndAnAuthorizationHeaderConflict() {
    assertThatThrownBy(
            () ->
                access(
                    "--apache.username=u",
                    "--apache.password-file=/p",
                    "--apache.header=Authorization: Bearer x"))
        .hasMessageContaining("conflict");
  }

  @Test
  void aControlCharacterInAHeaderValueIsRefused() {
    assertThatThrownBy(() -> access("--apache.header=X-A: a\rInjected: b"))
        .hasMessageContaining("control character");
  }

  @Test
  void tlsFlagsNeedHttps() throws Exception {
    assertThat(
            access("--apache.status-url=https://127.0.0.1/s?auto", "--apache.insecure").customTls())
        .isTrue();
    assertThatThrownBy(
            () ->
                access(
                    "--apache.status-url=https://127.0.0.1/s?auto",
                    "--apache.insecure",
                    "--apache.ca-file=/ca.pem"))
        .hasMessageContaining("contradict");
  }

  @Test
  void theAgentReadsTheSameAccessFlags() throws Exception {
    String[] args = {"--apache.status-url=https://127.0.0.1:8443/s?auto", "--apache.insecure"};
    assertThat(ConfigParser.parseAgent(args, Map.of()).apache())
        .isEqualTo(ConfigParser.parse(args, Map.of()).apache());
  }
}
