package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.testing.AgentSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin API switching a real private Apache, and every way it refuses to. As packaged: the
 * exporter runs as its own user under {@code setpriv --no-new-privs} and forwards each switch to
 * the switch agent, which runs as root.
 */
class AdminIT {
  /** Flags of the switch agent; every other flag a test passes goes to the exporter. */
  private static final List<String> AGENT_FLAGS =
      List.of("--apache.stop-cmd", "--apache.start-cmd", "--apache.ctl-timeout", "--admin.backend");

  @TempDir Path tmp;
  private final List<AutoCloseable> open = new ArrayList<>();
  private Path daemonHome;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /**
   * A running Apache on {@code mpm}, its switch agent, and an exporter with the admin API on a free
   * port.
   */
  private record Setup(
      ApacheInstance apache,
      SwitchAgentProcess agent,
      ExporterProcess exporter,
      AdminClient admin) {}

  private Setup setup(String mpm, boolean php, String... flags) throws Exception {
    return setup(mpm, php, false, flags);
  }

  private Setup setup(String mpm, boolean php, boolean rhel, String... flags) throws Exception {
    ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), mpm);
    open.add(apache);
    if (php) {
      apache.enablePhp();
    }
    List<String> agentFlags = new ArrayList<>();
    List<String> exporterFlags = new ArrayList<>();
    if (rhel) {
      agentFlags.add("--admin.backend=rhel");
      agentFlags.add("--admin.rhel-mpm-conf=" + apache.useRhelLayout());
    }
    for (String f : flags) {
      boolean agent = AGENT_FLAGS.stream().anyMatch(a -> f.startsWith(a + "="));
      (agent ? agentFlags : exporterFlags).add(f);
    }
    apache.start();
    DaemonUser user = DaemonUser.create();
    open.add(user);
    SwitchAgentProcess agent =
        SwitchAgentProcess.start(tmp, apache, user.name(), agentFlags.toArray(new String[0]));
    open.add(agent);
    Path home = user.home(tmp);
    daemonHome = home;
    Path token = AdminClient.tokenFile(home);
    user.chown(token);
    int adminPort = ApacheInstance.freePort();
    exporterFlags.add("--admin.token-file=" + token);
    exporterFlags.add("--admin.listen-address=127.0.0.1:" + adminPort);
    exporterFlags.add("--admin.audit-log=" + home.resolve("audit.log"));
    exporterFlags.add("--admin.switch-socket=" + agent.socket());
    ExporterProcess exporter =
        ExporterProcess.watching(
            tmp, apache, apache.statusUrl(), user.prefix(), exporterFlags.toArray(new String[0]));
    open.add(exporter);
    return new Setup(
        apache, agent, exporter, new AdminClient(adminPort, Files.readString(token).strip()));
  }

  private List<String> auditLines() throws Exception {
    return Files.readAllLines(daemonHome.resolve("audit.log"));
  }

  /** One guard case: a request and the status code it must get. */
  private record Case(String name, int code, HttpRequest.Builder request) {}

  private static HttpRequest.BodyPublisher body(String s) {
    return HttpRequest.BodyPublishers.ofString(s, StandardCharsets.UTF_8);
  }

  private static List<Case> guardCases(AdminClient a) {
    String t = a.token();
    String bearer = "Bearer " + t;
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("no Authorization", 401, a.request("/admin/mpm").GET()));
    cases.add(
        new Case(
            "wrong token",
            401,
            a.request("/admin/mpm").header("Authorization", "Bearer " + "x".repeat(64)).GET()));
    cases.add(
        new Case(
            "token one character short",
            401,
            a.request("/admin/mpm")
                .header("Authorization", "Bearer " + t.substring(1))
                .header("Content-Type", "application/json")
                .POST(body("{\"mpm\":\"prefork\"}"))));
    cases.add(new Case("token in the query", 401, a.request("/admin/mpm?token=" + t).GET()));
    cases.add(
        new Case(
            "token in the query, POST",
            401,
            a.request("/admin/mpm?access_token=" + t)
                .header("Content-Type", "application/json")
                .POST(body("{\"mpm\":\"prefork\"}"))));
    cases.add(
        new Case(
            "Basic scheme",
            401,
            a.request("/admin/mpm").header("Authorization", "Basic " + t).GET()));
    cases.add(
        new Case(
            "two Authorization headers",
            401,
            a.request("/admin/mpm")
                .header("Authorization", bearer)
                .header("Authorization", "Bearer nope")
                .GET()));
    cases.add(
        new Case(
            "PUT", 405, a.request("/admin/mpm").header("Authorization", bearer).PUT(body("{}"))));
    cases.add(
        new Case("DELETE", 405, a.request("/admin/mpm").header("Authorization", bearer).DELETE()));
    cases.add(
        new Case("other path", 404, a.request("/admin/x").header("Authorization", bearer).GET()));
    cases.add(
        new Case(
            "text/plain",
            415,
            a.request("/admin/mpm")
                .header("Authorization", bearer)
                .header("Content-Type", "text/plain")
                .POST(body("{\"mpm\":\"prefork\"}"))));
    cases.add(
        new Case(
            "no Content-Type",
            415,
            a.request("/admin/mpm")
                .header("Authorization", bearer)
                .POST(body("{\"mpm\":\"prefork\"}"))));
    cases.add(
        new Case(
            "2 kB body",
            413,
            json(a, "{\"mpm\":\"prefork\",\"reason\":\"" + "a".repeat(2000) + "\"}")));
    for (String bad :
        List.of(
            "{\"mpm\":",
            "[\"prefork\"]",
            "\"prefork\"",
            "{\"mpm\":\"prefork\"} x",
            "{\"mpm\":\"prefork\",}",
            "{'mpm':'prefork'}",
            "{\"mpm\":\"event\",\"mpm\":\"prefork\"}",
            "{\"mpm\":\"prefork\",\"extra\":1}",
            "{}",
            "{\"mpm\":null}",
            "{\"mpm\":1}",
            "{\"mpm\":[\"prefork\"]}",
            "{\"mpm\":\"Prefork\"}",
            "{\"mpm\":\"PREFORK\"}",
            "{\"mpm\":\" prefork\"}",
            "{\"mpm\":\"mpm_prefork\"}",
            "{\"mpm\":\"itk\"}",
            "{\"mpm\":\"\"}",
            "{\"mpm\":\"prefork\",\"dry_run\":\"yes\"}",
            "{\"mpm\":\"prefork\",\"force\":1}",
            "{\"mpm\":\"prefork\",\"expect_current\":\"Event\"}",
            "{\"mpm\":\"prefork\",\"reason\":\"a\\nb\"}")) {
      cases.add(new Case("body " + bad, 400, json(a, bad)));
    }
    cases.add(
        new Case(
            "not UTF-8",
            400,
            a.request("/admin/mpm")
                .header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        new byte[] {'{', '"', 'm', (byte) 0xff, '"', ':', '1', '}'}))));
    cases.add(
        new Case(
            "expect_current does not match",
            409,
            json(a, "{\"mpm\":\"prefork\",\"expect_current\":\"worker\"}")));
    return cases;
  }

  private static HttpRequest.Builder json(AdminClient a, String body) {
    return a.request("/admin/mpm")
        .header("Authorization", "Bearer " + a.token())
        .header("Content-Type", "application/json")
        .POST(body(body));
  }

  @Test
  void everyGuardCaseGetsItsCodeAndChangesNothing() throws Exception {
    Setup s = setup("event", false, "--admin.max-failures=1000");
    long pid = s.apache().pid();
    List<Case> cases = guardCases(s.admin());
    List<String> wrong = new ArrayList<>();
    int authenticatedPosts = 0;
    for (Case c : cases) {
      HttpRequest built = c.request().build();
      if (built.method().equals("POST") && c.code() != 401) {
        authenticatedPosts++;
      }
      HttpResponse<String> r = s.admin().send(c.request());
      if (r.statusCode() != c.code()) {
        wrong.add(c.name() + ": " + r.statusCode() + " " + r.body());
      }
      assertThat(r.body()).doesNotContain(s.admin().token());
    }
    assertThat(wrong).as("cases answered with the wrong code").isEmpty();
    assertThat(s.exporter().log()).doesNotContain(s.admin().token());
    // Nothing changed: same parent, same MPM running and on disk, no switch counted.
    assertThat(s.apache().pid()).isEqualTo(pid);
    assertThat(s.apache().statusMpm()).isEqualTo("event");
    assertThat(s.apache().enabledMpms()).containsExactly("mpm_event");
    assertThat(s.apache().ctlMpm()).isEqualTo("event");
    Map<String, Double> m = s.exporter().metrics();
    assertThat(m.get("apache_exporter_mpm_switches_total{result=\"switched\"}")).isEqualTo(0.0);
    assertThat(m.get("apache_exporter_mpm_switches_total{result=\"precondition_failed\"}"))
        .isEqualTo(1.0);
    assertThat(m.get("apache_exporter_admin_requests_total{code=\"400\"}")).isGreaterThan(20);
    // One audit line per authenticated POST, none with the token.
    List<String> audit = auditLines();
    assertThat(audit).hasSize(authenticatedPosts);
    for (String line : audit) {
      assertThat(line).doesNotContain(s.admin().token());
      assertThat(TestJson.object(line)).containsKeys("time", "client", "status", "result");
    }
  }

  @Test
  void theAgentRefusesAnyOtherUserAndTheCountShowsInTheState() throws Exception {
    Tools.requireRoot("only root can run the exporter as another user than the test");
    Setup s = setup("event", false);
    // The test runs as root, not as the exporter's user: a foreign peer.
    String answer =
        AgentSocket.line(s.agent().socket(), "{\"action\":\"switch\",\"mpm\":\"prefork\"}");
    assertThat(answer).contains("\"result\":\"refused_peer\"");
    assertThat(s.agent().auditLines()).anyMatch(l -> l.contains("\"result\":\"refused_peer\""));
    Map<String, Object> state = AdminClient.json(s.admin().get());
    assertThat(state.get("agent").toString()).contains("refused_peers=1");
    assertThat(s.apache().enabledMpms()).containsExactly("mpm_event");
    assertThat(s.apache().statusMpm()).isEqualTo("event");
  }

  @Test
  void withoutTheAgentASwitchAnswers503AndNothingChanges() throws Exception {
    Setup s = setup("event", false);
    long pid = s.apache().pid();
    s.agent().close();
    HttpResponse<String> r = s.admin().post("{\"mpm\":\"prefork\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(AdminClient.json(r).get("result")).isEqualTo("agent_unavailable");
    assertThat(s.admin().get().body()).contains("cannot reach the switch agent");
    assertThat(
            s.exporter()
                .metrics()
                .get("apache_exporter_mpm_switches_total{result=\"agent_unavailable\"}"))
        .isEqualTo(1.0);
    assertThat(s.apache().pid()).isEqualTo(pid);
  }

  @Test
  void floodsOfRefusedRequestsNeitherLockOutTheOperatorNorFillTheAuditLog() throws Exception {
    Setup s = setup("event", false);
    HttpRequest.Builder wrong =
        s.admin().request("/admin/mpm").header("Authorization", "Bearer " + "z".repeat(64)).GET();
    for (int i = 0; i < 2000; i++) {
      s.admin().send(wrong);
    }
    assertThat(s.admin().get().statusCode()).as("the right token after 2,000 wrong").isEqualTo(200);
    String longPath = "/admin/" + "p".repeat(4000);
    for (int i = 0; i < 10_000; i++) {
      s.admin()
          .send(
              s.admin()
                  .request(longPath)
                  .header("Content-Type", "application/json")
                  .POST(body("{\"mpm\":\"prefork\"}")));
    }
    assertThat(Files.exists(daemonHome.resolve("audit.log")) ? auditLines() : List.of())
        .as("refused POSTs are counted, not audited")
        .isEmpty();
    assertThat(
            s.exporter().metrics().get("apache_exporter_admin_requests_total{code=\"401\"}")
                + s.exporter().metrics().get("apache_exporter_admin_requests_total{code=\"429\"}"))
        .isEqualTo(12_000.0);
    HttpResponse<String> dry = s.admin().post("{\"mpm\":\"worker\",\"dry_run\":true}");
    assertThat(dry.statusCode()).isEqualTo(200);
    assertThat(auditLines()).hasSize(1);
  }

  @Test
  void dryRunAndUnchangedTouchNothing() throws Exception {
    Setup s = setup("event", false);
    long pid = s.apache().pid();
    HttpResponse<String> dry = s.admin().post("{\"mpm\":\"worker\",\"dry_run\":true}");
    assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
    Map<String, Object> plan = AdminClient.json(dry);
    assertThat(plan.get("result")).isEqualTo("dry_run");
    assertThat(plan.get("plan").toString())
        .contains("a2dismod -q mpm_event", "a2enmod -q mpm_worker");
    HttpResponse<String> same = s.admin().post("{\"mpm\":\"event\",\"expect_current\":\"event\"}");
    assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
    assertThat(AdminClient.json(same).get("result")).isEqualTo("unchanged");
    assertThat(s.apache().pid()).isEqualTo(pid);
    assertThat(s.apache().enabledMpms()).containsExactly("mpm_event");
    HttpResponse<String> state = s.admin().get();
    assertThat(state.statusCode()).isEqualTo(200);
    Map<String, Object> st = AdminClient.json(state);
    assertThat(st.get("running")).isEqualTo("event");
    assertThat(st.get("configured")).isEqualTo("event");
    assertThat(st.get("restart_pending")).isEqualTo(false);
    assertThat(st.get("switch_in_progress")).isEqualTo(false);
    assertThat(st.get("allowed")).isEqualTo(List.of("event", "worker", "prefork"));
    assertThat(st.get("last_switch").toString()).contains("result=unchanged");
  }

  @Test
  void lockoutRefusesFurtherFailuresButNeverTheRightTokenThenEnds() throws Exception {
    Setup s = setup("event", false, "--admin.max-failures=3", "--admin.lockout=2s");
    HttpRequest.Builder wrong =
        s.admin().request("/admin/mpm").header("Authorization", "Bearer " + "y".repeat(64)).GET();
    for (int i = 0; i < 3; i++) {
      assertThat(s.admin().send(wrong).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> locked = s.admin().send(wrong);
    assertThat(locked.statusCode()).as("a wrong token while locked out").isEqualTo(429);
    assertThat(locked.headers().firstValue("Retry-After")).isPresent();
    assertThat(s.admin().get().statusCode())
        .as("the right token is never locked out")
        .isEqualTo(200);
    Thread.sleep(2_300);
    assertThat(s.admin().send(wrong).statusCode()).isEqualTo(401);
    assertThat(s.exporter().metrics().get("apache_exporter_admin_requests_total{code=\"429\"}"))
        .isEqualTo(1.0);
  }

  @Test
  void roundTripEventPreforkWorkerEventVerifiedFromOutside() throws Exception {
    Setup s = setup("event", false);
    int n = 0;
    for (String target : List.of("prefork", "worker", "event")) {
      String from = s.apache().statusMpm();
      HttpResponse<String> r =
          s.admin()
              .post(
                  "{\"mpm\":\""
                      + target
                      + "\",\"expect_current\":\""
                      + from
                      + "\",\"reason\":\"round trip\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      Map<String, Object> report = AdminClient.json(r);
      assertThat(report.get("result")).isEqualTo("switched");
      n++;
      // Verified from outside: our own status fetch and our own apache2ctl -V.
      assertThat(s.apache().statusMpm()).isEqualTo(target);
      assertThat(s.apache().ctlMpm()).isEqualTo(target);
      assertThat(s.apache().enabledMpms()).containsExactly("mpm_" + target);
      // The very next scrape shows it: the switch forced a poll.
      Map<String, Double> m = s.exporter().metrics();
      assertThat(m.get("apache_mpm_running{mpm=\"" + target + "\"}")).isEqualTo(1.0);
      assertThat(m.get("apache_mpm_configured{mpm=\"" + target + "\"}")).isEqualTo(1.0);
      assertThat(m.get("apache_mpm_restart_pending")).isEqualTo(0.0);
      assertThat(m.get("apache_exporter_mpm_switches_total{result=\"switched\"}"))
          .isEqualTo((double) n);
      System.out.printf(
          "switch %s -> %s: downtime %s ms, end to end %s ms%n",
          from, target, report.get("downtime_ms"), report.get("duration_ms"));
    }
    assertThat(auditLines()).hasSize(3).allMatch(l -> l.contains("\"result\":\"switched\""));
  }

  @Test
  void twoConcurrentSwitchesOneWinsTheOtherGets409() throws Exception {
    Setup s = setup("event", false);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (String target : List.of("prefork", "worker")) {
        Callable<HttpResponse<String>> call =
            () -> {
              go.await();
              return s.admin().post("{\"mpm\":\"" + target + "\"}");
            };
        answers.add(pool.submit(call));
      }
      go.countDown();
      List<Integer> codes = new ArrayList<>();
      String winner = null;
      for (Future<HttpResponse<String>> f : answers) {
        HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
        codes.add(r.statusCode());
        Map<String, Object> report = AdminClient.json(r);
        if (r.statusCode() == 200) {
          assertThat(report.get("result")).isEqualTo("switched");
          winner = (String) report.get("to");
        } else {
          assertThat(report.get("result")).isEqualTo("busy");
        }
      }
      assertThat(codes).containsExactlyInAnyOrder(200, 409);
      assertThat(s.apache().statusMpm()).isEqualTo(winner);
      assertThat(s.apache().enabledMpms()).containsExactly("mpm_" + winner);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void phpRefusesAThreadedMpmNamingTheModuleAndChangesNothing() throws Exception {
    Setup s = setup("prefork", true);
    long pid = s.apache().pid();
    for (String target : List.of("event", "worker")) {
      HttpResponse<String> r = s.admin().post("{\"mpm\":\"" + target + "\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
      Map<String, Object> report = AdminClient.json(r);
      assertThat(report.get("result")).isEqualTo("incompatible_module");
      assertThat((String) report.get("error")).contains("php_module");
    }
    assertThat(s.apache().pid()).isEqualTo(pid);
    assertThat(s.apache().statusMpm()).isEqualTo("prefork");
    assertThat(s.apache().enabledMpms()).containsExactly("mpm_prefork");
  }

  @Test
  void aTargetThatFailsConfigtestIsRefusedAndApacheIsUntouched() throws Exception {
    Setup s = setup("event", false);
    s.apache()
        .addConf(
            "zz-broken-worker",
            "<IfModule mpm_worker_module>\n  NoSuchDirective on\n</IfModule>\n");
    long pid = s.apache().pid();
    HttpResponse<String> r = s.admin().post("{\"mpm\":\"worker\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
    Map<String, Object> report = AdminClient.json(r);
    assertThat(report.get("result")).isEqualTo("refused");
    assertThat((String) report.get("error")).contains("configtest", "NoSuchDirective");
    assertThat(report.get("downtime_ms")).isNull();
    assertThat(s.apache().pid()).isEqualTo(pid);
    assertThat(s.apache().statusMpm()).isEqualTo("event");
    assertThat(s.apache().enabledMpms()).containsExactly("mpm_event");
    assertThat(s.apache().ctlMpm()).isEqualTo("event");
  }

  @Test
  void aTargetThatCannotStartIsRolledBackAndVerified() throws Exception {
    Setup s = setup("event", false);
    s.apache().occupyPortUnder("worker");
    HttpResponse<String> r = s.admin().post("{\"mpm\":\"worker\",\"reason\":\"port taken\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
    Map<String, Object> report = AdminClient.json(r);
    assertThat(report.get("result")).isEqualTo("rolled_back");
    assertThat(report.get("rolled_back").toString()).contains("a2enmod -q mpm_event", "verified");
    assertThat((String) report.get("error")).contains("start");
    System.out.printf(
        "rolled back: downtime %s ms, end to end %s ms%n",
        report.get("downtime_ms"), report.get("duration_ms"));
    assertThat(s.apache().statusMpm()).isEqualTo("event");
    assertThat(s.apache().ctlMpm()).isEqualTo("event");
    assertThat(s.apache().enabledMpms()).containsExactly("mpm_event");
    Map<String, Double> m =
        s.exporter()
            .await(
                "the rollback counted",
                Duration.ofSeconds(5),
                x ->
                    x.getOrDefault(
                            "apache_exporter_mpm_switches_total{result=\"rolled_back\"}", 0.0)
                        == 1.0);
    assertThat(m.get("apache_mpm_running{mpm=\"event\"}")).isEqualTo(1.0);
  }

  /** Real programs standing in for a broken service manager: one that hangs, one that fails. */
  @ParameterizedTest
  @ValueSource(strings = {"sleep 60", "false"})
  void aStopCommandThatHangsOrFailsFallsBackToSigterm(String stop) throws Exception {
    Setup s = setup("event", false, "--apache.stop-cmd=" + stop, "--apache.ctl-timeout=2s");
    HttpResponse<String> r = s.admin().post("{\"mpm\":\"prefork\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"result\":\"switched\"", "after SIGTERM");
    assertThat(s.apache().statusMpm()).isEqualTo("prefork");
    assertThat(s.apache().ctlMpm()).isEqualTo("prefork");
  }

  @Test
  void aStartCommandThatFailsIsRolledBackWithApachectlStart() throws Exception {
    Setup s = setup("event", false, "--apache.start-cmd=false");
    HttpResponse<String> r = s.admin().post("{\"mpm\":\"worker\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
    Map<String, Object> report = AdminClient.json(r);
    assertThat(report.get("result")).isEqualTo("rolled_back");
    assertThat(report.get("rolled_back").toString())
        .contains("a2enmod -q mpm_event", "after the start command failed", "verified");
    assertThat(s.apache().statusMpm()).isEqualTo("event");
    assertThat(s.apache().ctlMpm()).isEqualTo("event");
  }

  @Test
  void rhelLayoutSwitchesByRewritingTheOneLoadModuleLineAndRollsBackTheFile() throws Exception {
    Setup s = setup("event", false, true);
    Path conf = tmp.resolve("apache/conf/conf.modules.d/00-mpm.conf");
    String original = Files.readString(conf);
    HttpResponse<String> r = s.admin().post("{\"mpm\":\"prefork\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"step\":\"rhel config\"");
    assertThat(s.apache().statusMpm()).isEqualTo("prefork");
    assertThat(s.apache().ctlMpm()).isEqualTo("prefork");
    List<String> active =
        Files.readAllLines(conf).stream().filter(l -> l.startsWith("LoadModule")).toList();
    assertThat(active).hasSize(1).allMatch(l -> l.contains("mpm_prefork_module"));
    assertThat(Files.readString(conf.resolveSibling("00-mpm.conf.mpm-exporter.bak")))
        .isEqualTo(original);
    String prefork = Files.readString(conf);
    s.apache().occupyPortUnder("worker");
    HttpResponse<String> bad = s.admin().post("{\"mpm\":\"worker\"}");
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(500);
    assertThat(bad.body()).contains("\"result\":\"rolled_back\"", "restored " + conf);
    assertThat(Files.readString(conf)).isEqualTo(prefork);
    assertThat(s.apache().statusMpm()).isEqualTo("prefork");
  }
}
