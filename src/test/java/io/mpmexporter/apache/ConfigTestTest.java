package io.mpmexporter.apache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** apachectl -t as Debian's Apache 2.4.71 answered on a private instance (recorded output). */
class ConfigTestTest {
  @Test
  void syntaxOkPasses() {
    assertThat(ConfigTest.of(new CommandResult(0, "", "Syntax OK\n")))
        .isEqualTo(new ConfigTest(true, null));
  }

  @Test
  void anUnknownDirectiveKeepsTheFileLineAndTheReason() {
    ConfigTest t =
        ConfigTest.of(
            new CommandResult(
                1,
                "Action '-t' failed.\nThe Apache error log may have more information.\n",
                "AH00526: Syntax error on line 1 of /tmp/ct/conf/conf-enabled/zz-broken.conf:\n"
                    + "Invalid command 'ThisIsNotADirective', perhaps misspelled or defined by a"
                    + " module not included in the server configuration\n"));
    assertThat(t.ok()).isFalse();
    assertThat(t.error())
        .startsWith("AH00526: Syntax error on line 1 of /tmp/ct/conf/conf-enabled/zz-broken.conf:")
        .contains("Invalid command 'ThisIsNotADirective'");
  }

  @Test
  void aLongOrSilentFailureStaysOneBoundedLine() {
    ConfigTest t = ConfigTest.of(new CommandResult(1, "", "x".repeat(1000)));
    assertThat(t.error()).hasSize(303).endsWith("...");
    assertThat(ConfigTest.of(new CommandResult(8, "", "")).error()).isEqualTo("exit 8");
  }

  @Test
  void onlyAFileThisUserCannotReadMakesTheTestNoVerdict() throws Exception {
    assertThat(
            ApacheCtl.unreadableFile(
                "AH00526: Syntax error on line 32 of /etc/apache2/sites-enabled/default-ssl.conf:"
                    + " SSLCertificateKeyFile: file '/no/such/dir/snakeoil.key' does not exist or"
                    + " is empty"))
        .as("a file that really is missing is a broken configuration")
        .isNull();
    assertThat(ApacheCtl.unreadableFile("Invalid command 'ThisIsNotADirective'")).isNull();
    assertThat(ApacheCtl.unreadableFile("could not open document config file x: Permission denied"))
        .isNotNull();
  }
}
