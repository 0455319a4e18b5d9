package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.testing.AgentSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The switch agent SIGKILLed at each phase of a switch on a real private Apache (paused there by
 * the test hook, then killed for real), then started again the way systemd's Restart= does: with no
 * request sent, the recorded switch is finished or undone, Apache serves with the running MPM the
 * configured one, the config passes configtest, no bridge is left, and the audit log holds the
 * intent, the interruption and the recovery.
 */
class AgentRecoveryIT {
  private static final String USER = System.getProperty("user.name");

  @TempDir Path tmp;
  private ApacheInstance apache;
  private SwitchAgentProcess agent;

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (apache != null) {
      apache.close();
    }
  }

  @ParameterizedTest(name = "{0}, killed after {1}")
  @CsvSource({
    "restart, intent, event, true",
    "restart, config_changed, event, true",
    "restart, stopped, event, false",
    "restart, started, prefork, false",
    "handover, bridge_serving, event, true",
    "handover, stopped, event, false",
  })
  void aKilledSwitchIsRecoveredWhenTheAgentStartsAgain(
      String strategy, String phase, String serving, boolean samePid) throws Exception {
    Tools.requireRoot("the hand-over's probe binds as Apache's user; the agent runs as root");
    apache = ApacheInstance.create(tmp.resolve("apache"), "event");
    apache.addConf("zz-reuseport", "ListenCoresBucketsRatio 1\n");
    apache.start();
    long pid = apache.pid();
    CompletableFuture<String> answer =
        pausedSwitch(
            phase, "{\"action\":\"switch\",\"mpm\":\"prefork\",\"strategy\":\"" + strategy + "\"}");
    assertThat(Files.exists(agent.switchRecord())).as("the write-ahead record").isTrue();
    agent.kill();
    long killed = System.nanoTime();
    assertThat(answer.get(10, TimeUnit.SECONDS)).as("no answer from a killed agent").isEmpty();
    agent = SwitchAgentProcess.start(tmp, apache, USER, "--apache.service=none");
    awaitLog("interrupted switch recovered", 90);
    long ms = (System.nanoTime() - killed) / 1_000_000;
    String mpm = apache.statusMpm();
    System.out.printf(
        "%s killed after %s: serving %s again %d ms after the kill (agent start included)%n",
        strategy, phase, mpm, ms);
    assertThat(mpm).isEqualTo(serving);
    assertThat(apache.ctlMpm()).isEqualTo(serving);
    assertThat(apache.enabledMpms()).containsExactly("mpm_" + serving);
    assertThat(Tools.output("apache2ctl", "-t")).contains("Syntax OK");
    if (samePid) {
      assertThat(apache.pid()).as("the main server was never stopped").isEqualTo(pid);
    }
    assertThat(Files.exists(agent.switchRecord())).as("the record is closed").isFalse();
    assertThat(bridgeAlive()).as("no bridge is left").isFalse();
    List<String> audit = agent.auditLines();
    assertThat(audit).filteredOn(l -> l.contains("\"result\":\"intent\"")).hasSize(1);
    assertThat(audit)
        .filteredOn(l -> l.contains("\"result\":\"interrupted\""))
        .singleElement()
        .asString()
        .contains("\"phase\":\"" + phase + "\"");
    String expected =
        serving.equals("prefork") ? "recovered_kept_target" : "recovered_restored_previous";
    assertThat(audit).filteredOn(l -> l.contains("\"result\":\"" + expected + "\"")).hasSize(1);
    // The agent answers again, and the state shows what the recovery did.
    String state = send("{\"action\":\"state\"}");
    assertThat(state).contains("\"recovering\":false", expected);
  }

  /** A switch that wrote a capacity override, killed after the config change: both undone. */
  @Test
  void aKilledSwitchThatKeptTheCapacityLosesItsOverride() throws Exception {
    Tools.requireRoot("the agent runs as root");
    apache = ApacheInstance.create(tmp.resolve("apache"), "event");
    apache.addConf("tuning", "<IfModule mpm_event_module>\n  MaxRequestWorkers 400\n</IfModule>\n");
    apache.start();
    CompletableFuture<String> answer =
        pausedSwitch(
            "config_changed",
            "{\"action\":\"switch\",\"mpm\":\"prefork\",\"strategy\":\"restart\","
                + "\"capacity\":\"keep\"}");
    Path enabled = apache.confDir().resolve("conf-enabled/zz-apache-mpm-exporter-capacity.conf");
    Path available =
        apache.confDir().resolve("conf-available/zz-apache-mpm-exporter-capacity.conf");
    assertThat(Files.readString(available)).contains("MaxRequestWorkers 400");
    assertThat(enabled).exists();
    agent.kill();
    assertThat(answer.get(10, TimeUnit.SECONDS)).isEmpty();
    agent = SwitchAgentProcess.start(tmp, apache, USER, "--apache.service=none");
    awaitLog("interrupted switch recovered", 90);
    assertThat(apache.statusMpm()).isEqualTo("event");
    assertThat(apache.enabledMpms()).containsExactly("mpm_event");
    assertThat(Files.exists(enabled)).as("the override's link").isFalse();
    assertThat(Files.exists(available)).as("the override").isFalse();
    assertThat(agent.auditLines())
        .filteredOn(l -> l.contains("recovered_restored_previous"))
        .singleElement()
        .asString()
        .contains("removed");
  }

  /**
   * Starts the agent with the test hook that holds a switch after {@code phase}, sends it {@code
   * request}, and returns once the switch is held there (its answer never comes: the agent is
   * killed).
   */
  private CompletableFuture<String> pausedSwitch(String phase, String request) throws Exception {
    agent =
        SwitchAgentProcess.start(
            tmp,
            apache,
            USER,
            Map.of("APACHE_MPM_SWITCH_TEST_PAUSE", phase),
            "--apache.service=none");
    CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> send(request));
    awaitLog("test hook: the switch pauses", 60);
    return answer;
  }

  private boolean bridgeAlive() throws Exception {
    Path pid = tmp.resolve("apache/run/mpm-bridge.pid");
    if (!Files.exists(pid)) {
      return false;
    }
    String text = Files.readString(pid).strip();
    return !text.isEmpty()
        && ProcessHandle.of(Long.parseLong(text)).map(ProcessHandle::isAlive).orElse(false);
  }

  private void awaitLog(String text, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (agent.log().contains(text)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the agent did not log '" + text + "': " + agent.log());
  }

  /** One request on the agent's socket; whatever it answers (empty when it died first). */
  private String send(String request) {
    try {
      return AgentSocket.line(agent.socket(), request);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
