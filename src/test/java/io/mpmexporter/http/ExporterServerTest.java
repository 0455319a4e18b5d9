package io.mpmexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import io.prometheus.client.exporter.HTTPServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExporterServerTest {
  private final AtomicBoolean ready = new AtomicBoolean();
  private final HttpClient client = HttpClient.newHttpClient();
  private ExporterServer server;

  @BeforeEach
  void start() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.build("test_gauge", "A gauge.").register(registry).set(42);
    server =
        new ExporterServer(
            new InetSocketAddress("127.0.0.1", 0),
            "/custom/metrics",
            new HTTPServer.HTTPMetricHandler(registry),
            ready::get,
            LandingPage.html("1.2.3", "/custom/metrics", "http://127.0.0.1/server-status?auto"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    HttpRequest req =
        HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build();
    return client.send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsAreServedOnTheConfiguredPath() throws Exception {
    HttpResponse<String> r = send("GET", "/custom/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("test_gauge 42.0");
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
  }

  @Test
  void otherPathsAre404() throws Exception {
    assertThat(send("GET", "/metrics").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/custom/metricsx").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/custom/metrics/x").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/favicon.ico").statusCode()).isEqualTo(404);
  }

  @Test
  void onlyGetAndHeadAreAllowed() throws Exception {
    HttpResponse<String> r = send("POST", "/custom/metrics");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(send("DELETE", "/").statusCode()).isEqualTo(405);
    assertThat(send("HEAD", "/-/healthy").statusCode()).isEqualTo(200);
  }

  @Test
  void readinessFollowsTheFirstPoll() throws Exception {
    assertThat(send("GET", "/-/healthy").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/-/ready").statusCode()).isEqualTo(503);
    ready.set(true);
    assertThat(send("GET", "/-/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void theLandingPageLinksTheMetricsPath() throws Exception {
    HttpResponse<String> r = send("GET", "/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("href=\"/custom/metrics\"").contains("1.2.3");
  }
}
