package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A switch keeps capacity and memory in view, on a real private Apache with the switch agent and
 * the exporter: no silent drop of MaxRequestWorkers, an override that keeps it (and that a rollback
 * removes), and no prefork that cannot fit the advisor's memory budget.
 */
class CapacityIT {
  private static final String OVERRIDE = "zz-apache-mpm-exporter-capacity.conf";

  @TempDir Path tmp;

  private static Map<String, Object> json(HttpResponse<String> r) throws Exception {
    return TestJson.object(r.body());
  }

  @SuppressWarnings("unchecked")
  private static int workers(Map<String, Object> report, String side) {
    Map<String, Object> capacity = (Map<String, Object>) report.get("capacity");
    assertThat(capacity).as("capacity in " + report).isNotNull();
    return ((Number) ((Map<String, Object>) capacity.get(side)).get("max_request_workers"))
        .intValue();
  }

  @Test
  void preforkAt400ToEventIsRefusedKeptOrRolledBackWithItsOverride() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "prefork")) {
      apache.addConf(
          "tuning",
          "<IfModule mpm_prefork_module>\n  ServerLimit 400\n  MaxRequestWorkers 400\n</IfModule>\n");
      apache.start();
      Path token = AdminClient.tokenFile(tmp);
      try (SwitchAgentProcess agent =
              SwitchAgentProcess.start(tmp, apache, System.getProperty("user.name"));
          ExporterProcess exporter = exporter(apache, agent, token)) {
        AdminClient admin = admin(exporter, token);
        long pid = apache.pid();

        HttpResponse<String> dry = admin.post("{\"mpm\":\"event\",\"dry_run\":true}");
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(409);
        // A dry run that would drop is refused like the switch; its report still has the figures.
        assertThat(workers(json(dry), "from")).isEqualTo(400);
        assertThat(workers(json(dry), "to")).isEqualTo(150);
        System.out.println("dry run prefork -> event: " + json(dry).get("capacity"));

        HttpResponse<String> refused = admin.post("{\"mpm\":\"event\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(refused).get("result")).isEqualTo("capacity_drop");
        assertThat((String) json(refused).get("error")).contains("400").contains("150");
        assertThat(apache.statusMpm()).isEqualTo("prefork");
        assertThat(apache.pid()).as("Apache untouched").isEqualTo(pid);
        assertThat(apache.enabledMpms()).containsExactly("mpm_prefork");
        assertThat(confFiles(apache)).doesNotContain(OVERRIDE);

        HttpResponse<String> plan =
            admin.post("{\"mpm\":\"event\",\"dry_run\":true,\"capacity\":\"keep\"}");
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        assertThat(plan.body()).contains(OVERRIDE).contains("MaxRequestWorkers 400");

        // event cannot start (a port only it listens on is taken): the switch rolls back, and
        // the override goes with it.
        apache.occupyPortUnder("event");
        HttpResponse<String> failed = admin.post("{\"mpm\":\"event\",\"capacity\":\"keep\"}");
        assertThat(json(failed).get("result")).as(failed.body()).isEqualTo("rolled_back");
        assertThat(apache.statusMpm()).isEqualTo("prefork");
        assertThat(confFiles(apache)).doesNotContain(OVERRIDE);
        assertThat(Files.exists(apache.confDir().resolve("conf-available/" + OVERRIDE))).isFalse();
        assertThat(failed.body()).contains("removed");
        apache.removeConf("zz-event-port");

        HttpResponse<String> kept = admin.post("{\"mpm\":\"event\",\"capacity\":\"keep\"}");
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(json(kept).get("result")).isEqualTo("switched");
        assertThat(workers(json(kept), "to")).isGreaterThanOrEqualTo(400);
        assertThat(apache.statusMpm()).isEqualTo("event");
        // Read by this test from the enabled files, not by the exporter's reader.
        assertThat(eventLimitFromEnabledFiles(apache)).isGreaterThanOrEqualTo(400);
        // And the exporter's advisor sees it.
        exporter.await(
            "apache_max_request_workers >= 400 on event",
            Duration.ofSeconds(40),
            m ->
                m.entrySet().stream()
                        .anyMatch(
                            e ->
                                e.getKey().startsWith("apache_max_request_workers")
                                    && e.getValue() >= 400)
                    && Double.valueOf(1).equals(m.get("apache_mpm_running{mpm=\"event\"}")));
        System.out.println("kept: " + json(kept).get("capacity"));
      }
    }
  }

  @Test
  void eventAt600ToPreforkMustFitTheMemoryBudget() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      apache.addConf(
          "tuning",
          "<IfModule mpm_event_module>\n  ServerLimit 24\n  MaxRequestWorkers 600\n</IfModule>\n");
      apache.start();
      Path token = AdminClient.tokenFile(tmp);
      try (SwitchAgentProcess agent =
          SwitchAgentProcess.start(tmp, apache, System.getProperty("user.name"))) {
        // 600 prefork processes of at least 4 MiB need 2.4 GiB: a 1 GiB budget cannot hold them.
        try (ExporterProcess exporter =
            exporter(apache, agent, token, "--advisor.memory-budget=1GiB")) {
          AdminClient admin = admin(exporter, token);
          HttpResponse<String> dry =
              admin.post("{\"mpm\":\"prefork\",\"dry_run\":true,\"capacity\":\"keep\"}");
          assertThat(json(dry).get("result")).as(dry.body()).isEqualTo("memory_overcommit");
          assertThat(dry.body()).contains("overcommit_ratio");
          System.out.println("dry run event -> prefork, 1 GiB: " + json(dry).get("capacity"));
          HttpResponse<String> r = admin.post("{\"mpm\":\"prefork\",\"capacity\":\"keep\"}");
          assertThat(r.statusCode()).isEqualTo(409);
          assertThat(json(r).get("result")).isEqualTo("memory_overcommit");
          assertThat(apache.statusMpm()).isEqualTo("event");
        }
        try (ExporterProcess exporter =
            exporter(apache, agent, token, "--advisor.memory-budget=16GiB")) {
          AdminClient admin = admin(exporter, token);
          HttpResponse<String> r = admin.post("{\"mpm\":\"prefork\",\"capacity\":\"keep\"}");
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
          assertThat(json(r).get("result")).isEqualTo("switched");
          assertThat(apache.statusMpm()).isEqualTo("prefork");
          System.out.println("event -> prefork, 16 GiB: " + json(r).get("capacity"));
        }
      }
    }
  }

  /** The exporter with its admin API on the agent, once the advisor has measured. */
  private ExporterProcess exporter(
      ApacheInstance apache, SwitchAgentProcess agent, Path token, String... more)
      throws Exception {
    int adminPort = ApacheInstance.freePort();
    List<String> flags =
        new java.util.ArrayList<>(
            List.of(
                "--admin.token-file=" + token,
                "--admin.listen-address=127.0.0.1:" + adminPort,
                "--admin.switch-socket=" + agent.socket(),
                "--advisor.interval=1s"));
    flags.addAll(List.of(more));
    ExporterProcess e =
        ExporterProcess.watching(tmp, apache, apache.statusUrl(), flags.toArray(new String[0]));
    e.await(
        "the advisor's first measurement",
        Duration.ofSeconds(30),
        m -> Double.valueOf(1).equals(m.get("apache_exporter_advisor_up")));
    adminPorts.put(e, adminPort);
    return e;
  }

  private final Map<ExporterProcess, Integer> adminPorts = new java.util.HashMap<>();

  private AdminClient admin(ExporterProcess e, Path token) throws Exception {
    return new AdminClient(adminPorts.get(e), Files.readString(token).strip());
  }

  private static List<String> confFiles(ApacheInstance apache) throws Exception {
    try (Stream<Path> s = Files.list(apache.confDir().resolve("conf-enabled"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /**
   * event's MaxRequestWorkers as the enabled files write it: mods-enabled/mpm_event.conf, then
   * every conf-enabled file's {@code <IfModule mpm_event_module>} blocks, in httpd's order.
   */
  private static int eventLimitFromEnabledFiles(ApacheInstance apache) throws Exception {
    Path conf = apache.confDir();
    int limit = last(Files.readString(conf.resolve("mods-enabled/mpm_event.conf")), -1);
    Pattern block = Pattern.compile("(?s)<IfModule mpm_event_module>(.*?)</IfModule>");
    for (String name : confFiles(apache)) {
      Matcher m = block.matcher(Files.readString(conf.resolve("conf-enabled/" + name)));
      while (m.find()) {
        limit = last(m.group(1), limit);
      }
    }
    return limit;
  }

  private static int last(String text, int before) {
    Matcher m = Pattern.compile("(?m)^\\s*MaxRequestWorkers\\s+(\\d+)").matcher(text);
    int v = before;
    while (m.find()) {
      v = Integer.parseInt(m.group(1));
    }
    return v;
  }
}
