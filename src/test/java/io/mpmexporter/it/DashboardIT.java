package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the alert rules against Debian's real Prometheus scraping the real
 * exporter on a private Apache: every query returns data, and switching Apache off the expected MPM
 * fires the alert.
 */
class DashboardIT {
  static final Path DASHBOARD = Tools.projectRoot().resolve("grafana/apache-mpm-exporter.json");
  static final String JOB = "apache";

  /** Panels whose query may rightly be empty here, and why. */
  static final Map<String, String> CONDITIONAL =
      Map.of(
          "Poll errors by reason",
          "shows only failing polls (> 0); none fail in this test",
          "Estimated saving of event",
          "served by prefork servers only (AdvisorIT checks it); this test runs event");

  /** Metrics the dashboard names that only a prefork server serves (this test runs event). */
  static final Set<String> PREFORK_ONLY = Set.of("apache_mpm_recommendation_memory_saving_bytes");

  /** The dashboard's mod_md metrics (its collapsed row): served with mod_md only, see ModMdIT. */
  static final String MOD_MD = "apache_md_";

  /** The queries for a /probe job (apache_probe_*): served by /probe only, see ProbeIT. */
  static final String PROBE = "apache_probe_";

  /** The fleet row's panels: every instance of the selected jobs. */
  static final Set<String> FLEET =
      Set.of(
          "Servers",
          "MPM distribution",
          "Most saturated (top 10)",
          "Servers with a restart pending",
          "Servers on an unexpected MPM",
          "MPMs per job",
          "MPM switches and changes (fleet)");

  @TempDir Path tmp;

  @SuppressWarnings("unchecked")
  static Map<String, Object> dashboard() throws Exception {
    return TestJson.object(Files.readString(DASHBOARD));
  }

  /** Title → expressions of every panel with queries. */
  @SuppressWarnings("unchecked")
  static Map<String, List<String>> queries(Map<String, Object> dash) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Object o : (List<Object>) dash.get("panels")) {
      Map<String, Object> panel = (Map<String, Object>) o;
      List<Object> targets = (List<Object>) panel.get("targets");
      if (targets == null) {
        continue;
      }
      List<String> exprs = new ArrayList<>();
      for (Object t : targets) {
        exprs.add((String) ((Map<String, Object>) t).get("expr"));
      }
      out.put((String) panel.get("title"), exprs);
    }
    return out;
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDashboardImportsAsIs() throws Exception {
    Map<String, Object> dash = dashboard();
    assertThat(dash.get("uid")).isEqualTo("apache-mpm-exporter");
    assertThat(((Number) dash.get("schemaVersion")).intValue()).isGreaterThanOrEqualTo(36);
    assertThat(dash).doesNotContainKey("__inputs").doesNotContainKey("id");
    List<Object> vars = (List<Object>) ((Map<String, Object>) dash.get("templating")).get("list");
    assertThat(vars.stream().map(v -> ((Map<String, Object>) v).get("name")))
        .containsExactly("datasource", "job", "instance");
    Set<Object> ids = new TreeSet<>();
    for (Object o : (List<Object>) dash.get("panels")) {
      Map<String, Object> panel = (Map<String, Object>) o;
      assertThat(ids.add(panel.get("id"))).as("unique panel id " + panel.get("id")).isTrue();
      if (panel.get("targets") == null) {
        continue;
      }
      assertThat(panel.get("datasource").toString()).contains("uid=${datasource}");
      assertThat((String) panel.get("description"))
          .as(panel.get("title") + " says what it shows")
          .isNotBlank();
      for (Object t : (List<Object>) panel.get("targets")) {
        String expr = (String) ((Map<String, Object>) t).get("expr");
        if (FLEET.contains(panel.get("title"))) {
          // The fleet row shows every instance of the selected jobs, whatever instance is picked.
          assertThat(expr)
              .as(panel.get("title") + " filters by job only")
              .contains("job=~\"$job\"")
              .doesNotContain("$instance");
        } else {
          assertThat(expr)
              .as(panel.get("title") + " filters by job and instance")
              .contains("job=~\"$job\"", "instance=~\"$instance\"");
        }
      }
    }
    assertThat(queries(dash).keySet())
        .contains(
            "Running vs configured MPM",
            "Restart pending",
            "Expected MPM",
            "Workers",
            "Saturation",
            "Scoreboard",
            "Connections (event MPM only)",
            "Requests/s",
            "Bytes sent/s",
            "Mean request duration",
            "CPU",
            "Uptime",
            "Poll errors by reason",
            "Data age");
  }

  private static String substitute(String expr, String instance) {
    return substitute(expr, JOB, instance);
  }

  /** A panel's query as Grafana sends it for one job and one instance. */
  static String substitute(String expr, String job, String instance) {
    return expr.replace("$__rate_interval", "20s")
        .replace("$__range", "5m")
        .replace("$job", job)
        .replace(
            "$instance",
            Pattern.quote(instance).replace("\\Q", "").replace("\\E", "").replace(".", "\\\\."));
  }

  @Test
  void everyQueryHasDataOnARealPrometheusAndTheUnexpectedMpmAlertFires() throws Exception {
    Map<String, Object> dash = dashboard();
    Map<String, List<String>> queries = queries(dash);
    // Rules as shipped, with short for: so the test does not wait minutes.
    String rules = Files.readString(PromtoolIT.RULES).replaceAll("for: \\d+m", "for: 2s");
    Path rulesCopy = tmp.resolve("rules.yml");
    Files.writeString(rulesCopy, rules);
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      // The balancer and TLS panels need their blocks on the status page: mod_ssl (its session
      // cache), and a balancer with a member that works (Apache itself) and one that does not.
      apache.a2("a2enmod", "-q", "ssl", "proxy_balancer", "proxy_http", "lbmethod_byrequests");
      apache.addConf(
          "balancer",
          "ProxyStatus On\n<Proxy \"balancer://app\">\n  BalancerMember \"http://127.0.0.1:"
              + apache.port()
              + "\"\n  BalancerMember \"http://127.0.0.1:"
              + ApacheInstance.freePort()
              + "\" retry=600\n</Proxy>\nProxyPass \"/app/\" \"balancer://app/\"\n");
      apache.start();
      Path token = AdminClient.tokenFile(tmp);
      int adminPort = ApacheInstance.freePort();
      // The switch agent serves the test's own user here; AdminIT runs the two halves as on a
      // server.
      try (SwitchAgentProcess agent =
              SwitchAgentProcess.start(tmp, apache, System.getProperty("user.name"));
          ExporterProcess exporter =
              ExporterProcess.watching(
                  tmp,
                  apache,
                  apache.statusUrl(),
                  "--apache.expected-mpm=event",
                  "--admin.token-file=" + token,
                  "--admin.listen-address=127.0.0.1:" + adminPort,
                  "--admin.switch-socket=" + agent.socket());
          PrometheusServer prometheus =
              PrometheusServer.start(
                  tmp.resolve("prometheus"),
                  JOB,
                  "127.0.0.1:" + exporter.port(),
                  List.of(rulesCopy))) {
        String instance = "127.0.0.1:" + exporter.port();
        // The advisor measures after the first status poll and DUMP_RUN_CFG: wait for its figures.
        exporter.await(
            "the advisor's first measurement",
            java.time.Duration.ofSeconds(20),
            m -> Double.valueOf(1).equals(m.get("apache_exporter_advisor_up")));
        // Every metric a query names is served by the exporter.
        Set<String> served = new TreeSet<>();
        for (String line : exporter.metricsText().split("\n")) {
          if (!line.startsWith("#") && !line.isBlank()) {
            served.add(line.split("[{ ]")[0]);
          }
        }
        Set<String> named = new TreeSet<>();
        Matcher m =
            Pattern.compile("\\b(apache_[a-z0-9_]+)\\b").matcher(Files.readString(DASHBOARD));
        while (m.find()) {
          named.add(m.group(1));
        }
        named.removeAll(PREFORK_ONLY);
        named.removeIf(n -> n.startsWith(MOD_MD) || n.startsWith(PROBE));
        assertThat(served).as("metrics the dashboard names").containsAll(named);

        traffic(apache.port(), 150);
        awaitData(prometheus, "rate(apache_accesses_total[20s]) > 0");
        List<String> empty = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : queries.entrySet()) {
          for (String expr : e.getValue()) {
            if (expr.contains(PROBE)) {
              continue;
            }
            List<Object> result = prometheus.query(substitute(expr, instance));
            if (result.isEmpty() && !CONDITIONAL.containsKey(e.getKey())) {
              empty.add(e.getKey() + ": " + substitute(expr, instance));
            }
          }
        }
        assertThat(empty).as("panels without data").isEmpty();
        System.out.printf(
            "dashboard: %d panels with queries, all with data except the conditional %s%n",
            queries.size(), CONDITIONAL.keySet());
        assertThat(firing(prometheus)).doesNotContain("ApacheUnexpectedMpm", "ApacheDown");

        // Off the expected MPM: the alert fires (and the change is noted).
        AdminClient admin = new AdminClient(adminPort, Files.readString(token).strip());
        HttpResponse<String> r = admin.post("{\"mpm\":\"prefork\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        Set<String> firing = Set.of();
        while (System.nanoTime() < deadline) {
          firing = firing(prometheus);
          if (firing.contains("ApacheUnexpectedMpm") && firing.contains("ApacheMpmChanged")) {
            break;
          }
          Thread.sleep(250);
        }
        assertThat(firing).contains("ApacheUnexpectedMpm", "ApacheMpmChanged");
        assertThat(firing).doesNotContain("ApacheExporterStale");
        // Not ApacheMpmRestartPending's alert state: a poll between a2enmod and the new server's
        // start sees the change on disk, and with for: 2s the copy fires on that one sample for
        // the 5 minutes of its max_over_time (the shipped for: 15m rides over it). What matters
        // after a switch through the admin API is that nothing stays pending.
        awaitData(prometheus, "apache_mpm_restart_pending{job=\"" + JOB + "\"} == 0");
        List<Object> running =
            prometheus.query("apache_mpm_running{job=\"" + JOB + "\",mpm=\"prefork\"} == 1");
        assertThat(running).hasSize(1);
      }
    }
  }

  /**
   * The metric families and query shapes of the community apache-http mixin (grafana/jsonnet-libs,
   * itself based on rfrail3's Apache dashboard, grafana.com 3894): its dashboard panels, its
   * template variables and its alert expressions, as written for the Go apache_exporter.
   */
  static final List<String> MIXIN_QUERIES =
      List.of(
          "apache_uptime_seconds_total{job=~\"$job\", instance=~\"$instance\"}",
          "apache_info{job=~\"$job\", instance=~\"$instance\"}",
          "apache_up{job=~\"$job\", instance=~\"$instance\"}",
          "rate(apache_accesses_total{job=~\"$job\", instance=~\"$instance\"}[$__rate_interval])",
          "rate(apache_sent_kilobytes_total{job=~\"$job\", instance=~\"$instance\"}[$__rate_interval])"
              + " * 1000",
          "increase(apache_duration_ms_total{job=~\"$job\", instance=~\"$instance\"}[$__rate_interval])"
              + " / increase(apache_accesses_total{job=~\"$job\","
              + " instance=~\"$instance\"}[$__rate_interval])",
          "apache_scoreboard{job=~\"$job\", instance=~\"$instance\"}",
          "apache_workers{job=~\"$job\", instance=~\"$instance\"}",
          "apache_cpuload{job=~\"$job\", instance=~\"$instance\"}",
          "count by (job) (apache_up)",
          "count by (instance) (apache_up{job=~\"$job\"})",
          "apache_uptime_seconds_total / 60 > 0",
          "(sum by (instance) (apache_workers{state=\"busy\"}) / sum by (instance)"
              + " (apache_scoreboard)) * 100 >= 0");

  @Test
  void theApacheHttpMixinQueriesHaveDataWithCompat() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      apache.start();
      try (ExporterProcess exporter =
              ExporterProcess.watching(
                  tmp, apache, apache.statusUrl(), "--compat.apache-exporter");
          PrometheusServer prometheus =
              PrometheusServer.start(
                  tmp.resolve("prometheus"), JOB, "127.0.0.1:" + exporter.port(), List.of())) {
        String instance = "127.0.0.1:" + exporter.port();
        traffic(apache.port(), 100);
        awaitData(prometheus, "rate(apache_accesses_total[20s]) > 0");
        List<String> empty = new ArrayList<>();
        for (String q : MIXIN_QUERIES) {
          if (prometheus.query(substitute(q, instance)).isEmpty()) {
            empty.add(q);
          }
        }
        assertThat(empty).as("mixin queries without data").isEmpty();
        // Its ApacheDown alert stays quiet while Apache serves.
        assertThat(prometheus.query("apache_up == 0")).isEmpty();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<String> firing(PrometheusServer prometheus) throws Exception {
    Set<String> names = new TreeSet<>();
    for (Object o : prometheus.alerts()) {
      Map<String, Object> a = (Map<String, Object>) o;
      if ("firing".equals(a.get("state"))) {
        names.add((String) ((Map<String, Object>) a.get("labels")).get("alertname"));
      }
    }
    return names;
  }

  private static void awaitData(PrometheusServer prometheus, String promql) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (System.nanoTime() < deadline) {
      if (!prometheus.query(promql).isEmpty()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no data for " + promql + " within 40s: " + prometheus.log());
  }

  /** A bounded burst of requests to the private Apache, so the traffic panels have something. */
  private static void traffic(int port, int requests) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (int i = 0; i < requests; i++) {
      // Every tenth through the balancer (to Apache itself, or to the dead member).
      String path = i % 10 == 0 ? "/app/" : "/";
      HttpRequest req =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(5))
              .build();
      http.send(req, HttpResponse.BodyHandlers.discarding());
      Thread.sleep(20);
    }
  }
}
