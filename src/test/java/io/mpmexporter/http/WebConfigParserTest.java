package io.mpmexporter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.config.UsageException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mindrot.jbcrypt.BCrypt;

class WebConfigParserTest {
  /** htpasswd -nbB prometheus secret (apache2-utils), a $2y$ hash. */
  static final String HTPASSWD_HASH =
      "$2y$05$HECqPdSdiDNIcZfhf.6wPu.H74s23lQALDEUs86fTEkt00yw8Tv0C";

  @Test
  void theExporterToolkitShapeReads() throws Exception {
    WebConfig c =
        WebConfigParser.parse(
            """
            # as node_exporter takes it
            tls_server_config:
              cert_file: tls/server.crt
              key_file: /etc/x/server.key
              min_version: TLS13
            basic_auth_users:
              prometheus: '$2y$10$abcdefghijklmnopqrstuuWXNw2gV2ZyB1rx3y3Hq1Z5a7rGtRJ4u'
            """,
            Path.of("/etc/apache-mpm-exporter"));
    assertThat(c.tlsCert()).isEqualTo(Path.of("/etc/apache-mpm-exporter/tls/server.crt"));
    assertThat(c.tlsKey()).isEqualTo(Path.of("/etc/x/server.key"));
    assertThat(c.minTlsVersion()).isEqualTo("TLSv1.3");
    assertThat(c.users()).containsOnlyKeys("prometheus");
  }

  @Test
  void anEmptyFileMeansNothingToEnforce() throws Exception {
    WebConfig c = WebConfigParser.parse("", null);
    assertThat(c.tls()).isFalse();
    assertThat(c.users()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "tls_server_config: {cert_file: a}|needs both cert_file and key_file",
        "tls_server_config: {cert_file: a, key_file: b, client_auth_type: RequireAndVerifyClientCert}|tls_server_config.client_auth_type is not supported",
        "http_server_config: {http2: false}|http_server_config is not supported",
        "basic_auth_users: {bob: secret}|basic_auth_users.bob is not a bcrypt hash",
        "tls_server_config: {cert_file: a, key_file: b, min_version: TLS10}|min_version must be TLS12 or TLS13",
        "[1, 2]|the file must be a mapping",
        "a: [b|not valid YAML",
        "tls_server_config: {}\\ntls_server_config: {}|not valid YAML"
      })
  void badFilesAreRefusedWithTheReason(String yaml, String message) {
    assertThatThrownBy(() -> WebConfigParser.parse(yaml.replace("\\n", "\n"), Path.of("/")))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--web.config.file: ")
        .hasMessageContaining(message);
  }

  private static List<String> basic(String user, String password) {
    return List.of(
        "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes()));
  }

  @Test
  void basicAuthChecksBcryptHashesFromHtpasswd() {
    BasicAuth auth = new BasicAuth(Map.of("prometheus", HTPASSWD_HASH));
    assertThat(auth.allows(basic("prometheus", "secret"))).isTrue();
    assertThat(auth.allows(basic("prometheus", "secret"))).as("remembered").isTrue();
    assertThat(auth.allows(basic("prometheus", "Secret"))).isFalse();
    assertThat(auth.allows(basic("nobody", "secret"))).isFalse();
    assertThat(auth.allows(null)).isFalse();
    assertThat(auth.allows(List.of("Bearer secret"))).isFalse();
    assertThat(auth.allows(List.of("Basic !!!"))).isFalse();
    assertThat(
            auth.allows(
                List.of("Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes()))))
        .isFalse();
  }

  @Test
  void twoAAndTwoBHashesWorkToo() {
    String a = BCrypt.hashpw("pw", BCrypt.gensalt(4));
    BasicAuth auth = new BasicAuth(Map.of("u", a, "v", "$2b$" + a.substring(4)));
    assertThat(auth.allows(basic("u", "pw"))).isTrue();
    assertThat(auth.allows(basic("v", "pw"))).isTrue();
    assertThat(auth.allows(basic("v", "px"))).isFalse();
  }

  @Test
  void theDummyHashForUnknownUsersCostsWhatTheRealOnesCost() {
    String cost5 = BCrypt.hashpw("pw", BCrypt.gensalt(5));
    String cost6 = BCrypt.hashpw("pw", BCrypt.gensalt(6));
    assertThat(new BasicAuth(Map.of("u", cost5, "v", cost6)).dummyCost()).isEqualTo(6);
    assertThat(new BasicAuth(Map.of("u", "garbage")).dummyCost()).isEqualTo(10);
  }

  @Test
  void aFloodOfWrongPasswordsIsRefusedAndTheRightOneStillPasses() throws Exception {
    String hash = BCrypt.hashpw("pw", BCrypt.gensalt(12)); // ~0.2-0.4 s a check
    BasicAuth auth = new BasicAuth(Map.of("u", hash));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<Boolean>> all = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        all.add(pool.submit(() -> auth.allows(basic("u", "wrong"))));
      }
      for (java.util.concurrent.Future<Boolean> f : all) {
        assertThat(f.get()).isFalse();
      }
      // The right password still gets through once the flood is over.
      assertThat(auth.allows(basic("u", "pw"))).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }
}
