package io.mpmexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachedMetricsHandlerTest {
  private final CollectorRegistry registry = new CollectorRegistry();
  private final Gauge gauge = Gauge.build("test_gauge", "A gauge.").register(registry);
  private final Counter counter =
      Counter.build("test_events_total", "A counter.").register(registry);
  private final AtomicReference<Object> snapshot = new AtomicReference<>(new Object());
  private final AtomicLong events = new AtomicLong();
  private final HttpClient client = HttpClient.newHttpClient();
  private ExporterServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        new ExporterServer(
            new InetSocketAddress("127.0.0.1", 0),
            "/metrics",
            new CachedMetricsHandler(registry, snapshot::get, events::get, 60_000),
            () -> true,
            "landing");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private String text(String path, String... headers) throws Exception {
    return new String(get(path, headers).body(), StandardCharsets.UTF_8);
  }

  @Test
  void theBodyIsReusedUntilTheSnapshotOrAnEventChanges() throws Exception {
    gauge.set(1);
    assertThat(text("/metrics")).contains("test_gauge 1.0");
    gauge.set(2);
    assertThat(text("/metrics")).as("same snapshot, same body").contains("test_gauge 1.0");
    snapshot.set(new Object());
    assertThat(text("/metrics")).as("a new poll renders again").contains("test_gauge 2.0");
    counter.inc();
    assertThat(text("/metrics")).contains("test_events_total 0.0");
    events.incrementAndGet();
    assertThat(text("/metrics"))
        .as("an admin event renders again")
        .contains("test_events_total 1.0");
  }

  @Test
  void createdSeriesAreLeftOutOfTheTextFormatOnly() throws Exception {
    assertThat(text("/metrics")).doesNotContain("test_events_created");
    assertThat(text("/metrics", "Accept", "application/openmetrics-text; version=1.0.0"))
        .contains("test_events_created")
        .contains("# EOF");
  }

  @Test
  void gzipWhenAskedAndTheSameContent() throws Exception {
    gauge.set(7);
    HttpResponse<byte[]> r = get("/metrics", "Accept-Encoding", "gzip");
    assertThat(r.headers().firstValue("Content-Encoding")).contains("gzip");
    String unzipped;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
      unzipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(unzipped).isEqualTo(text("/metrics"));
  }

  @Test
  void anyOtherQueryIsServedFromTheCache() throws Exception {
    gauge.set(1);
    assertThat(text("/metrics")).contains("test_gauge 1.0");
    gauge.set(2);
    assertThat(text("/metrics?nocache=" + System.nanoTime()))
        .as("a query that filters nothing cannot force a render")
        .contains("test_gauge 1.0");
    assertThat(CachedMetricsHandler.filters("a=1&name%5B%5D=x")).isTrue();
    assertThat(CachedMetricsHandler.filters("names=x")).isFalse();
  }

  @Test
  void aNameFilterRendersOnlyThoseSeriesFresh() throws Exception {
    gauge.set(1);
    assertThat(text("/metrics")).contains("test_gauge 1.0");
    gauge.set(3);
    String filtered = text("/metrics?name[]=test_gauge");
    assertThat(filtered)
        .as("rendered for the request, not from the cache")
        .contains("test_gauge 3.0")
        .doesNotContain("test_events_total");
    assertThat(text("/metrics?name%5B%5D=test_events_total&name[]=test_gauge"))
        .contains("test_events_total 0.0", "test_gauge 3.0");
    assertThat(text("/metrics?name[]=test_events_created"))
        .as("a filter names the series the text format leaves out")
        .isEmpty();
    assertThat(CachedMetricsHandler.names("name[]=a&name%5b%5d=b&x=c&name[]=%zz"))
        .containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void filteredRequestsAtOnceAreBoundedAndTheRestWaitThenGet503() throws Exception {
    // Four renders that cannot finish hold every permit: a collector that blocks until released.
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger inside =
        new java.util.concurrent.atomic.AtomicInteger();
    new io.prometheus.client.Collector() {
      @Override
      public java.util.List<MetricFamilySamples> collect() {
        inside.incrementAndGet();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return java.util.List.of();
      }
    }.register(registry);
    java.util.concurrent.ExecutorService clients =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<HttpResponse<byte[]>>> answers =
          new java.util.ArrayList<>();
      for (int i = 0; i < CachedMetricsHandler.FILTERED_AT_ONCE + 2; i++) {
        answers.add(clients.submit(() -> get("/metrics?name[]=test_gauge")));
      }
      Thread.sleep(2500);
      assertThat(inside.get()).isEqualTo(CachedMetricsHandler.FILTERED_AT_ONCE);
      release.countDown();
      long busy = 0;
      for (var a : answers) {
        HttpResponse<byte[]> r = a.get(10, java.util.concurrent.TimeUnit.SECONDS);
        if (r.statusCode() == 503) {
          busy++;
          assertThat(r.headers().firstValue("Retry-After")).contains("1");
        } else {
          assertThat(r.statusCode()).isEqualTo(200);
        }
      }
      assertThat(busy).as("the two that waited over a second").isEqualTo(2);
    } finally {
      release.countDown();
      clients.shutdownNow();
    }
  }
}
