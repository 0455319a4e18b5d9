package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mpmexporter.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A status endpoint that misbehaves on demand (a stand-in at the process boundary: a real Apache
 * cannot hang, lie about its length or send 200 MB when asked). The exporter runs with the
 * launcher's JVM flags: each fault gives apache_up 0 and its own error reason while /metrics
 * answers at once, and the next good answer brings apache_up back.
 */
class FaultyStatusIT {
  @TempDir Path tmp;

  enum Mode {
    GOOD,
    HANG,
    E500,
    HTML,
    BINARY,
    TRUNCATED,
    HUGE,
    NOT_FOUND,
    LABEL_FLOOD
  }

  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.GOOD);
  private HttpServer server;
  private static final String GOOD = Fixtures.real("status-event-idle.txt");

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/server-status", this::answer);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void answer(HttpExchange ex) throws IOException {
    try (ex) {
      switch (mode.get()) {
        case GOOD -> send(ex, 200, "text/plain", GOOD.getBytes(StandardCharsets.UTF_8));
        case HANG -> sleep(30_000);
        case E500 -> send(ex, 500, "text/html", "<h1>Internal Server Error</h1>".getBytes());
        case NOT_FOUND -> send(ex, 404, "text/html", "<h1>Not Found</h1>".getBytes());
        case HTML ->
            send(
                ex, 200, "text/html", "<!DOCTYPE html><html><body>status</body></html>".getBytes());
        case BINARY -> {
          byte[] junk = new byte[4096];
          new java.util.Random(7).nextBytes(junk);
          send(ex, 200, "application/octet-stream", junk);
        }
        case TRUNCATED -> {
          ex.sendResponseHeaders(200, 10_000);
          OutputStream os = ex.getResponseBody();
          os.write(GOOD.substring(0, 200).getBytes(StandardCharsets.UTF_8));
          os.flush();
          // Returning closes the exchange short of the promised length: the server drops the
          // connection.
        }
        case LABEL_FLOOD -> {
          // A 100 KB ServerVersion and a new ServerMPM on every request.
          String body =
              GOOD.replaceFirst("ServerVersion: [^\n]*", "ServerVersion: " + "V".repeat(100_000))
                  .replaceFirst("ServerMPM: [^\n]*", "ServerMPM: mpm" + System.nanoTime());
          send(ex, 200, "text/plain", body.getBytes(StandardCharsets.UTF_8));
        }
        case HUGE -> {
          ex.sendResponseHeaders(200, 0); // chunked, endless as far as the client knows
          byte[] block = new byte[1 << 16];
          java.util.Arrays.fill(block, (byte) 'x');
          try (OutputStream os = ex.getResponseBody()) {
            for (int i = 0; i < 200 * 16; i++) { // 200 MiB
              os.write(block);
            }
          } catch (IOException clientHungUp) {
            // the exporter stopped reading at its cap: that is the point
          }
        }
      }
    }
  }

  private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void everyFaultIsCountedByReasonWhileMetricsAnswerAndGoodAnswersRecover() throws Exception {
    try (ExporterProcess exporter = exporter("300ms")) {
      awaitUp(exporter, 1.0);
      double baseline = exporter.heapAfterGc();
      Map<Mode, String> reasons =
          Map.of(
              Mode.HANG, "timeout",
              Mode.E500, "http_5xx",
              Mode.NOT_FOUND, "http_4xx",
              Mode.HTML, "not_auto",
              Mode.BINARY, "not_auto",
              Mode.TRUNCATED, "io",
              Mode.HUGE, "too_large");
      for (Mode fault :
          List.of(
              Mode.HANG,
              Mode.E500,
              Mode.NOT_FOUND,
              Mode.HTML,
              Mode.BINARY,
              Mode.TRUNCATED,
              Mode.HUGE)) {
        String series =
            "apache_exporter_poll_errors_total{source=\"status\",reason=\""
                + reasons.get(fault)
                + "\"}";
        double before = exporter.metrics().get(series);
        mode.set(fault);
        long worstScrapeMs = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<String, Double> m = Map.of();
        while (System.nanoTime() < deadline) {
          long t0 = System.nanoTime();
          m = exporter.metrics();
          worstScrapeMs = Math.max(worstScrapeMs, (System.nanoTime() - t0) / 1_000_000);
          // Ten failed polls of the same fault: a leak per poll adds up past the bound below.
          if (m.get(series) >= before + 10 && m.get("apache_up") == 0.0) {
            break;
          }
          Thread.sleep(50);
        }
        assertThat(m.get(series))
            .as(fault + " counted as " + reasons.get(fault) + ", ten times")
            .isGreaterThanOrEqualTo(before + 10);
        assertThat(m.get("apache_up")).as(fault + " gives apache_up 0").isEqualTo(0.0);
        assertThat(worstScrapeMs).as(fault + ": /metrics never waits on Apache").isLessThan(1000);
        assertThat(exporter.alive()).isTrue();
        mode.set(Mode.GOOD);
        awaitUp(exporter, 1.0);
        // What a fault leaves behind once it is over, after a GC, against the heap before the first
        // fault. (Measured during the fault, a poll in flight can hold its capped body: 1 MiB.)
        double heap = exporter.heapAfterGc();
        assertThat(heap - baseline).as(fault + ": heap retained").isLessThan(1024 * 1024);
        System.out.printf(
            "%s: reason %s, worst scrape %d ms, heap after GC %.2f MiB (%.2f before the faults)%n",
            fault, reasons.get(fault), worstScrapeMs, heap / 1048576, baseline / 1048576);
      }
    }
  }

  @Test
  void labelsFromAHostileStatusPageAreBoundedInLengthAndInNumber() throws Exception {
    mode.set(Mode.LABEL_FLOOD);
    try (ExporterProcess exporter = exporter("100ms")) {
      awaitUp(exporter, 1.0);
      int mostSeries = 0;
      int longestLine = 0;
      for (int i = 0; i < 30; i++) {
        String text = exporter.metricsText();
        int series = 0;
        for (String line : text.split("\n")) {
          longestLine = Math.max(longestLine, line.length());
          if (line.startsWith("apache_info{") || line.startsWith("apache_mpm_running{")) {
            series++;
          }
        }
        mostSeries = Math.max(mostSeries, series);
        Thread.sleep(100);
      }
      System.out.printf(
          "label flood: at most %d apache_info/apache_mpm_running series, longest line %d%n",
          mostSeries, longestLine);
      assertThat(mostSeries)
          .as("one apache_info, three known MPMs and the current one")
          .isLessThanOrEqualTo(5);
      assertThat(longestLine).isLessThan(1000);
    }
  }

  /** The exporter with the launcher's JVM flags, polling this endpoint (no apachectl). */
  private ExporterProcess exporter(String pollInterval) throws Exception {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/server-status?auto";
    return ExporterProcess.start(
        tmp,
        Map.of(),
        Tools.shippedJvmFlags(),
        "--apache.status-url=" + url,
        "--apache.ctl=/bin/false",
        "--apache.timeout=1s",
        "--poll.interval=" + pollInterval,
        "--poll.ctl-interval=1h");
  }

  private static void awaitUp(ExporterProcess exporter, double value) throws Exception {
    exporter.await(
        "apache_up " + value,
        Duration.ofSeconds(20),
        m -> m.getOrDefault("apache_up", -1.0) == value);
  }
}
