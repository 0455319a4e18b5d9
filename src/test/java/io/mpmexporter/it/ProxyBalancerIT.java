package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mpmexporter.ExpositionText;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Apache with mod_proxy_balancer, {@code ProxyStatus On} and two members (two small HTTP
 * servers in this test): the member metrics follow the status page, a dead member turns to {@code
 * err}, and a member removed from the config leaves no series behind.
 */
class ProxyBalancerIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Pattern MEMBER_LINE =
      Pattern.compile("ProxyBalancer\\[0\\]Worker\\[(\\d+)\\](Name|Status|Elected|Busy): (.*)");

  @TempDir Path tmp;
  private HttpServer one;
  private HttpServer two;
  private ApacheInstance apache;
  private ExporterProcess exporter;

  @BeforeEach
  void start() throws Exception {
    one = backend("one");
    two = backend("two");
    apache = ApacheInstance.create(tmp.resolve("apache"), "event");
    apache.a2("a2enmod", "-q", "proxy_balancer", "proxy_http", "lbmethod_byrequests");
    balance(one, two);
    apache.start();
    exporter =
        ExporterProcess.start(
            tmp,
            apache.env(),
            "--apache.status-url=" + apache.statusUrl(),
            "--apache.ctl=apache2ctl",
            "--compat.apache-exporter");
  }

  @AfterEach
  void stop() throws Exception {
    if (exporter != null) {
      exporter.close();
    }
    if (apache != null) {
      apache.close();
    }
    one.stop(0);
    two.stop(0);
  }

  private static HttpServer backend(String name) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    s.createContext(
        "/",
        ex -> {
          byte[] b = name.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    s.start();
    return s;
  }

  private static String url(HttpServer s) {
    return "http://127.0.0.1:" + s.getAddress().getPort();
  }

  /** The balancer config: one member per backend, a minute before a failed member is retried. */
  private void balance(HttpServer... members) throws Exception {
    StringBuilder conf = new StringBuilder("ProxyStatus On\n<Proxy \"balancer://app\">\n");
    for (HttpServer m : members) {
      conf.append("    BalancerMember \"").append(url(m)).append("\" retry=60\n");
    }
    conf.append("</Proxy>\nProxyPass \"/app/\" \"balancer://app/\"\n");
    apache.addConf("balancer", conf.toString());
  }

  private int get(String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apache.port() + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** Balancer member fields as the status page prints them, by member URL. */
  private Map<String, Map<String, String>> statusPageMembers() throws Exception {
    String body =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(apache.statusUrl())).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<Integer, Map<String, String>> byIndex = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      Matcher m = MEMBER_LINE.matcher(line.strip());
      if (m.matches()) {
        byIndex
            .computeIfAbsent(Integer.parseInt(m.group(1)), k -> new LinkedHashMap<>())
            .put(m.group(2), m.group(3).strip());
      }
    }
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    byIndex.values().forEach(f -> out.put(f.get("Name"), f));
    return out;
  }

  private static String series(String name, String member, String... more) {
    StringBuilder s =
        new StringBuilder(name + "{balancer=\"balancer://app\",member=\"" + member + "\"");
    for (int i = 0; i < more.length; i += 2) {
      s.append(',').append(more[i]).append("=\"").append(more[i + 1]).append('"');
    }
    return s.append('}').toString();
  }

  @Test
  void memberMetricsMatchTheStatusPage() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertThat(get("/app/")).isEqualTo(200);
    }
    Map<String, Map<String, String>> page = statusPageMembers();
    assertThat(page).containsOnlyKeys(url(one), url(two));
    Map<String, Double> m =
        exporter.await(
            "balancer members with 10 elected",
            Duration.ofSeconds(15),
            s ->
                s.getOrDefault(series("apache_proxy_balancer_member_elected_total", url(one)), 0.0)
                        + s.getOrDefault(
                            series("apache_proxy_balancer_member_elected_total", url(two)), 0.0)
                    == 10);
    page = statusPageMembers();
    for (HttpServer b : List.of(one, two)) {
      String u = url(b);
      assertThat(page.get(u).get("Status")).isEqualTo("Init Ok");
      assertThat(m.get(series("apache_proxy_balancer_member_elected_total", u)))
          .isEqualTo(Double.parseDouble(page.get(u).get("Elected")));
      assertThat(m.get(series("apache_proxy_balancer_member_busy", u))).isEqualTo(0.0);
      assertThat(m.get(series("apache_proxy_balancer_member_status", u, "state", "ok")))
          .isEqualTo(1.0);
      assertThat(m.get(series("apache_proxy_balancer_member_status", u, "state", "init")))
          .isEqualTo(1.0);
      assertThat(m.get(series("apache_proxy_balancer_member_status", u, "state", "err")))
          .isEqualTo(0.0);
      assertThat(m).containsKey(series("apache_proxy_balancer_member_sent_bytes_total", u));
      // The Go exporter's names under --compat.
      assertThat(
              m.get(
                  "apache_proxy_balancer_status{balancer=\"balancer://app\",worker=\""
                      + u
                      + "\",status=\"Init Ok\"}"))
          .isEqualTo(1.0);
      assertThat(
              m.get(
                  "apache_proxy_balancer_accesses_total{balancer=\"balancer://app\",worker=\""
                      + u
                      + "\"}"))
          .isEqualTo(Double.parseDouble(page.get(u).get("Elected")));
    }
  }

  @Test
  void aDeadMemberTurnsToErr() throws Exception {
    two.stop(0);
    for (int i = 0; i < 6; i++) {
      get("/app/"); // byrequests sends some to two; Apache marks it in error and retries one
    }
    assertThat(statusPageMembers().get(url(two)).get("Status")).contains("Err");
    Map<String, Double> m =
        exporter.await(
            "member two in err",
            Duration.ofSeconds(15),
            s ->
                Double.valueOf(1.0)
                    .equals(
                        s.get(
                            series(
                                "apache_proxy_balancer_member_status", url(two), "state", "err"))));
    assertThat(m.get(series("apache_proxy_balancer_member_status", url(two), "state", "ok")))
        .isEqualTo(0.0);
    assertThat(m.get(series("apache_proxy_balancer_member_status", url(one), "state", "ok")))
        .isEqualTo(1.0);
  }

  @Test
  void aMemberRemovedFromTheConfigLeavesNoSeries() throws Exception {
    exporter.await(
        "two members",
        Duration.ofSeconds(15),
        s -> s.containsKey(series("apache_proxy_balancer_member_busy", url(two))));
    apache.stop();
    balance(one);
    apache.start();
    Map<String, Double> m =
        exporter.await(
            "member two gone",
            Duration.ofSeconds(20),
            s ->
                s.containsKey(series("apache_proxy_balancer_member_busy", url(one)))
                    && !s.containsKey(series("apache_proxy_balancer_member_busy", url(two))));
    assertThat(ExpositionText.family(m, "apache_proxy_balancer_member_status").keySet())
        .noneMatch(k -> k.contains(url(two)));
    assertThat(ExpositionText.family(m, "apache_proxy_balancer_status").keySet())
        .noneMatch(k -> k.contains(url(two)));
  }
}
