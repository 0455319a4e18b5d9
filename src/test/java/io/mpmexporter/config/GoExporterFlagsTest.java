package io.mpmexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Go apache_exporter's flags (its 1.x {@code apache_exporter.go} and Debian's 0.12) as our
 * parser reads them: same meaning, and a password in {@code --scrape_uri} taken out of the URL.
 */
class GoExporterFlagsTest {
  private static Config parse(String... args) throws UsageException {
    return ConfigParser.parse(args, Map.of());
  }

  @Test
  void credentialsInTheScrapeUriBecomeBasicAuthAndLeaveTheUrl() throws Exception {
    ApacheAccess a =
        parse("--scrape_uri=http://scraper:s3%3Acret@127.0.0.1:8080/server-status?auto").apache();
    assertThat(a.statusUrl().toString()).isEqualTo("http://127.0.0.1:8080/server-status?auto");
    assertThat(a.username()).isEqualTo("scraper");
    assertThat(a.urlPassword()).isEqualTo("s3:cret");
    assertThat(a.passwordFile()).isNull();
    assertThat(a.toString()).doesNotContain("s3").contains("basicAuth=true");
  }

  @Test
  void aUrlPasswordNeverShowsInAnError() {
    assertThatThrownBy(() -> parse("--scrape_uri=ftp://scraper:topsecret@127.0.0.1/status"))
        .hasMessageContaining("scraper:***@")
        .hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> parse("--scrape_uri=http://scraper:top secret@127.0.0.1/status"))
        .hasMessageNotContaining("top secret");
  }

  @Test
  void urlCredentialsAndTheUsernameFlagsAreOneOrTheOther() {
    assertThatThrownBy(
            () ->
                parse(
                    "--scrape_uri=http://a:b@127.0.0.1/s?auto",
                    "--apache.username=a",
                    "--apache.password-file=/p"))
        .hasMessageContaining("give one of them");
    assertThatThrownBy(() -> parse("--scrape_uri=http://onlyuser@127.0.0.1/s?auto"))
        .hasMessageContaining("user:password");
  }

  @Test
  void customHeadersAreNameEqualsValue() throws Exception {
    ApacheAccess a =
        parse("--custom_headers", "X-Status-Token=sesame", "--custom_headers=Cookie=a=b").apache();
    assertThat(a.headers())
        .extracting(h -> h.getKey() + ": " + h.getValue())
        .containsExactly("X-Status-Token: sesame", "Cookie: a=b");
    assertThatThrownBy(() -> parse("--custom_headers=novalue"))
        .hasMessageContaining("--custom_headers: 'novalue' is not Name=value");
  }

  @Test
  void kingpinsNegatedTogglesAreRead() throws Exception {
    assertThat(parse("--scrape_uri=https://127.0.0.1/s?auto", "--no-insecure").apache().insecure())
        .isFalse();
    assertThat(parse("--no-web.systemd-socket").listenAddress().port()).isEqualTo(9117);
    assertThatThrownBy(() -> parse("--no-web.listen-address"))
        .hasMessageContaining("unknown flag --no-web.listen-address");
  }

  @Test
  void socketActivationIsRefusedWithWhatToDoInstead() {
    assertThatThrownBy(() -> parse("--web.systemd-socket"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--web.listen-address");
  }

  @Test
  void theCurrentReleasesFlagsParse() throws Exception {
    Config c =
        parse(
            "--telemetry.endpoint=/apache-metrics",
            "--scrape_uri=http://localhost/server-status?auto",
            "--host_override=example.com",
            "--web.listen-address=127.0.0.1:9117",
            "--web.config.file=",
            "--log.level=debug",
            "--log.format=json");
    assertThat(c.telemetryPath()).isEqualTo("/apache-metrics");
    assertThat(c.apache().hostOverride()).isEqualTo("example.com");
    assertThat(c.log().format()).isEqualTo("json");
  }
}
