package io.mpmexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigParserTest {

  @Test
  void defaultsWithoutFlagsOrEnvironment() throws Exception {
    Config c = ConfigParser.parse(new String[0], Map.of());
    assertThat(c.listenAddress()).isEqualTo(new ListenAddress("", 9117));
    assertThat(c.telemetryPath()).isEqualTo("/metrics");
    assertThat(c.apache().ctlCommand()).containsExactly("apachectl");
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.ctlInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.expectedMpms()).isEmpty();
    assertThat(c.compat()).isFalse();
  }

  @Test
  void severalListenAddressesAreKeptInOrderAndADuplicateIsRefused() throws Exception {
    Config c =
        ConfigParser.parse(
            new String[] {
              "--web.listen-address=127.0.0.1:9117", "--web.listen-address", "[::1]:9117"
            },
            Map.of());
    assertThat(c.listenAddresses())
        .containsExactly(new ListenAddress("127.0.0.1", 9117), new ListenAddress("::1", 9117));
    assertThatThrownBy(
            () ->
                ConfigParser.parse(
                    new String[] {"--web.listen-address=:1", "--web.listen-address=:1"}, Map.of()))
        .hasMessageContaining("--web.listen-address")
        .hasMessageContaining("twice");
  }

  @Test
  void theGoExportersCommandLineWorksUnchanged() throws Exception {
    Config c =
        ConfigParser.parse(
            new String[] {
              "--telemetry.address=127.0.0.1:9117",
              "--telemetry.endpoint=/apache",
              "--scrape_uri=https://127.0.0.1/server-status/?auto",
              "--host_override=status.internal",
              "--insecure",
              "--log.level=warn"
            },
            Map.of());
    assertThat(c.listenAddress()).isEqualTo(new ListenAddress("127.0.0.1", 9117));
    assertThat(c.telemetryPath()).isEqualTo("/apache");
    assertThat(c.apache().statusUrl().toString())
        .isEqualTo("https://127.0.0.1/server-status/?auto");
    assertThat(c.apache().hostOverride()).isEqualTo("status.internal");
    assertThat(c.apache().insecure()).isTrue();
  }

  @Test
  void anEmptyApachectlTurnsTheCtlPollsOff() throws Exception {
    Config c = ConfigParser.parse(new String[] {"--apache.ctl="}, Map.of());
    assertThat(c.ctlEnabled()).isFalse();
    assertThat(c.apache().ctlCommand()).isEmpty();
    assertThat(ConfigParser.parse(new String[] {}, Map.of()).ctlEnabled()).isTrue();
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsDefaults() throws Exception {
    Map<String, String> env =
        Map.of(
            "APACHE_MPM_EXPORTER_POLL_INTERVAL",
            "2s",
            "APACHE_MPM_EXPORTER_APACHE_CTL",
            "apache2ctl");
    Config c = ConfigParser.parse(new String[] {"--poll.interval=500ms"}, env);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.apache().ctlCommand()).containsExactly("apache2ctl");
  }

  @Test
  void spaceSeparatedValuesAliasesListsAndBooleansParse() throws Exception {
    Config c =
        ConfigParser.parse(
            new String[] {
              "--scrape_uri",
              "http://127.0.0.1:8080/server-status?auto",
              "--apache.expected-mpm",
              "event, worker,event",
              "--apache.ctl",
              "env LANG=C apache2ctl",
              "--compat.apache-exporter",
              "--web.listen-address",
              "[::1]:0"
            },
            Map.of());
    assertThat(c.apache().statusUrl().getPort()).isEqualTo(8080);
    assertThat(c.expectedMpms()).containsExactly("event", "worker");
    assertThat(c.apache().ctlCommand()).containsExactly("env", "LANG=C", "apache2ctl");
    assertThat(c.compat()).isTrue();
    assertThat(c.listenAddress()).isEqualTo(new ListenAddress("::1", 0));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--poll.interval=abc|--poll.interval",
        "--poll.interval=0s|--poll.interval",
        "--apache.timeout=5|--apache.timeout",
        "--web.listen-address=9117|--web.listen-address",
        "--web.listen-address=:70000|--web.listen-address",
        "--web.telemetry-path=metrics|--web.telemetry-path",
        "--apache.status-url=ftp://x/|--apache.status-url",
        "--apache.status-url=not a url|--apache.status-url",
        "--apache.expected-mpm=Event!|--apache.expected-mpm",
        "--log.level=loud|--log.level",
        "--log.format=xml|--log.format",
        "--compat.apache-exporter=maybe|--compat.apache-exporter",
        "--apache.status-max-bytes=12|--apache.status-max-bytes",
        "--no.such-flag=1|--no.such-flag"
      })
  void aBadValueNamesItsFlag(String arg, String flag) {
    assertThatThrownBy(() -> ConfigParser.parse(new String[] {arg}, Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(flag);
  }

  @Test
  void aBadEnvironmentValueNamesTheFlagToo() {
    assertThatThrownBy(
            () ->
                ConfigParser.parse(
                    new String[0], Map.of("APACHE_MPM_EXPORTER_POLL_CTL_INTERVAL", "soon")))
        .hasMessageContaining("--poll.ctl-interval");
  }

  @Test
  void aFlagWithoutItsValueIsRefused() {
    assertThatThrownBy(() -> ConfigParser.parse(new String[] {"--poll.interval"}, Map.of()))
        .hasMessageContaining("--poll.interval needs a value");
  }

  @Test
  void usageListsEveryFlagAndItsEnvironmentVariable() {
    String usage = Usage.exporter();
    for (Flag<?> f : ConfigParser.FLAGS) {
      if (!f.readBy(Flag.Command.EXPORTER)) {
        continue;
      }
      assertThat(usage).contains("--" + f.name()).contains(f.env());
    }
  }

  @ParameterizedTest
  @CsvSource({"500ms,500", "5s,5000", "2m,120000", "1h,3600000", "1m30s,90000"})
  void durationsParse(String text, long millis) throws Exception {
    assertThat(Durations.parse("--x", text)).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void durationsPrintBack() {
    assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(Durations.format(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
  }

  @Test
  void theAdminApiIsOffWithoutATokenFile() throws Exception {
    assertThat(ConfigParser.parse(new String[0], Map.of()).admin()).isNull();
    assertThat(
            ConfigParser.parse(new String[] {"--admin.listen-address=0.0.0.0:9118"}, Map.of())
                .admin())
        .as("admin flags alone do not turn it on")
        .isNull();
  }

  @Test
  void adminDefaults() throws Exception {
    AdminConfig a =
        ConfigParser.parse(
                new String[] {"--admin.token-file=/etc/t", "--apache.ctl=apache2ctl"}, Map.of())
            .admin();
    assertThat(a.listenAddress()).isEqualTo(new ListenAddress("127.0.0.1", 9118));
    assertThat(a.switchSocket()).isEqualTo(Path.of("/run/apache-mpm-exporter/switch.sock"));
    assertThat(a.maxFailures()).isEqualTo(5);
    assertThat(a.lockout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(a.tlsCert()).isNull();
    assertThat(a.auditLog()).isNull();
  }

  @Test
  void agentDefaults() throws Exception {
    AgentConfig a = ConfigParser.parseAgent(new String[0], Map.of());
    assertThat(a.socket()).isEqualTo(Path.of("/run/apache-mpm-exporter/switch.sock"));
    assertThat(a.user()).isEqualTo("apache-mpm-exporter");
    assertThat(a.service()).isEqualTo("auto");
    assertThat(a.stopCommand()).as("chosen at start from --apache.service").isEmpty();
    assertThat(a.startCommand()).isEmpty();
    assertThat(a.backend()).isEqualTo("auto");
    assertThat(a.idleExit()).isZero();
    assertThat(a.apache().ctlCommand()).containsExactly("apachectl");
  }

  @Test
  void agentStopAndStartCommandsAreArgumentLists() throws Exception {
    AgentConfig a =
        ConfigParser.parseAgent(
            new String[] {
              "--apache.stop-cmd=systemctl stop apache2",
              "--apache.start-cmd",
              "systemctl  start apache2",
              "--admin.switch-idle-exit=60s"
            },
            Map.of());
    assertThat(a.stopCommand()).containsExactly("systemctl", "stop", "apache2");
    assertThat(a.startCommand()).containsExactly("systemctl", "start", "apache2");
    assertThat(a.idleExit()).isEqualTo(Duration.ofSeconds(60));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--admin.listen-address=0.0.0.0:9118|--admin.listen-address: 0.0.0.0:9118 is not a loopback",
        "--admin.listen-address=:9118|is not a loopback address",
        "--admin.tls-cert-file=/c.pem|go together",
        "--admin.max-failures=0|--admin.max-failures",
        "--admin.lockout=soon|--admin.lockout",
        "--admin.switch-socket=run/switch.sock|--admin.switch-socket: 'run/switch.sock' must be an"
            + " absolute path",
        "--apache.stop-cmd=apachectl stop|--apache.stop-cmd is a flag of the switch agent",
        "--admin.backend=rhel|--admin.backend is a flag of the switch agent"
      })
  void badAdminValuesNameTheirFlag(String arg, String message) {
    assertThatThrownBy(
            () -> ConfigParser.parse(new String[] {"--admin.token-file=/t", arg}, Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--admin.backend=suse|--admin.backend: 'suse'",
        "--apache.stop-cmd=sh -c 'kill 1'|--apache.stop-cmd: quotes",
        "--admin.a2enmod= |--admin.a2enmod: empty command",
        "--apache.ctl=|--apache.ctl: empty command",
        "--admin.switch-user=root;rm|--admin.switch-user: 'root;rm' is not a user name",
        "--apache.service=apache2|--apache.service: 'apache2' is not auto, none or a unit",
        "--admin.switch-idle-exit=soon|--admin.switch-idle-exit",
        "--admin.token-file=/t|--admin.token-file is a flag of the exporter",
        "--poll.interval=1s|--poll.interval is a flag of the exporter"
      })
  void badAgentValuesNameTheirFlag(String arg, String message) {
    assertThatThrownBy(() -> ConfigParser.parseAgent(new String[] {arg}, Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(message);
  }

  @Test
  void agentUsageListsOnlyTheAgentsFlags() {
    String usage = Usage.agent();
    assertThat(usage).contains("--admin.switch-user", "--apache.stop-cmd", "--admin.switch-socket");
    assertThat(usage).doesNotContain("--admin.token-file", "--web.listen-address");
    assertThat(Usage.exporter()).doesNotContain("--apache.stop-cmd", "--admin.a2enmod");
  }

  @Test
  void aNonLoopbackAdminAddressIsAllowedWithTls() throws Exception {
    AdminConfig a =
        ConfigParser.parse(
                new String[] {
                  "--admin.token-file=/t",
                  "--admin.listen-address=0.0.0.0:9118",
                  "--admin.tls-cert-file=/c.pem",
                  "--admin.tls-key-file=/k.pem"
                },
                Map.of())
            .admin();
    assertThat(a.tlsCert()).isEqualTo(java.nio.file.Path.of("/c.pem"));
  }

  @Test
  void aNulByteInAPathFlagIsAUsageError() {
    // Found by Jazzer (ParsersFuzzTest.commandLine).
    assertThatThrownBy(
            () -> ConfigParser.parse(new String[] {"--admin.token-file=/etc/x\u0000y"}, Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--admin.token-file: not a usable path");
  }

  @Test
  void probeOnlyNeedsItsFileAndNoAdminApi() throws Exception {
    assertThat(
            ConfigParser.parse(
                    new String[] {"--probe.config.file=/etc/p.yml", "--probe.only"}, Map.of())
                .probeOnly())
        .isTrue();
    assertThat(ConfigParser.parse(new String[0], Map.of()).probeOnly()).isFalse();
    assertThatThrownBy(() -> ConfigParser.parse(new String[] {"--probe.only"}, Map.of()))
        .hasMessageContaining("--probe.only needs --probe.config.file");
    assertThatThrownBy(
            () ->
                ConfigParser.parse(
                    new String[] {
                      "--probe.config.file=/etc/p.yml", "--probe.only", "--admin.token-file=/t"
                    },
                    Map.of()))
        .hasMessageContaining("--probe.only: the admin API");
    assertThatThrownBy(
            () -> ConfigParser.parse(new String[] {"--web.telemetry-path=/probe"}, Map.of()))
        .hasMessageContaining("/probe");
  }
}
