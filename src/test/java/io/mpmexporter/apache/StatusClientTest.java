package io.mpmexporter.apache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.mpmexporter.Fixtures;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The status client against a real local HTTP server that misbehaves on purpose. */
class StatusClientTest {
  private HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(pool);
    respond("/ok", 200, Fixtures.real("status-worker-idle.txt"));
    respond("/html", 200, Fixtures.real("status-event-html-page.html"));
    respond("/missing", 404, Fixtures.real("status-disabled-404.html"));
    respond("/denied", 403, "Forbidden");
    respond("/broken", 500, "oops");
    respond("/moved", 302, "");
    respond("/huge", 200, "BusyWorkers: 1\nIdleWorkers: 1\n" + "x".repeat(200_000));
    server.createContext(
        "/hang",
        ex -> {
          try {
            Thread.sleep(10_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
    server.createContext(
        "/truncated",
        ex -> {
          ex.sendResponseHeaders(200, 10_000);
          OutputStream os = ex.getResponseBody();
          os.write("BusyWorkers: 1\n".getBytes(StandardCharsets.UTF_8));
          os.flush();
          // Close the connection short of the promised length.
          ex.getHttpContext().getServer().stop(0);
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    pool.shutdownNow();
  }

  private void respond(String path, int code, String body) {
    server.createContext(
        path,
        ex -> {
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
          if (b.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
              os.write(b);
            }
          }
          ex.close();
        });
  }

  private StatusClient client(String path) {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    return new StatusClient(uri, Duration.ofMillis(500), 64 * 1024, pool);
  }

  private static String reasonOf(StatusClient c) {
    try {
      c.fetch();
      return "none";
    } catch (PollFailure f) {
      return f.reason();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aGoodPageParses() throws Exception {
    assertThat(client("/ok").fetch().serverMpm()).isEqualTo("worker");
  }

  @Test
  void eachBadAnswerHasItsReason() {
    assertThat(reasonOf(client("/html"))).isEqualTo(PollFailure.NOT_AUTO);
    assertThat(reasonOf(client("/missing"))).isEqualTo(PollFailure.HTTP_4XX);
    assertThat(reasonOf(client("/denied"))).isEqualTo(PollFailure.AUTH);
    assertThat(reasonOf(client("/broken"))).isEqualTo(PollFailure.HTTP_5XX);
    assertThat(reasonOf(client("/moved"))).isEqualTo(PollFailure.HTTP_OTHER);
    assertThat(reasonOf(client("/huge"))).isEqualTo(PollFailure.TOO_LARGE);
  }

  @Test
  void aHangingServerTimesOutAtTheDeadline() {
    long t0 = System.nanoTime();
    assertThat(reasonOf(client("/hang"))).isEqualTo(PollFailure.TIMEOUT);
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(3);
  }

  @Test
  void aTruncatedBodyIsAnIoFailure() {
    assertThat(reasonOf(client("/truncated"))).isIn(PollFailure.IO, PollFailure.TIMEOUT);
  }

  @Test
  void aClosedPortIsRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    StatusClient c =
        new StatusClient(
            URI.create("http://127.0.0.1:" + port + "/server-status?auto"),
            Duration.ofSeconds(1),
            1024,
            pool);
    assertThatThrownBy(c::fetch)
        .isInstanceOfSatisfying(
            PollFailure.class, f -> assertThat(f.reason()).isEqualTo(PollFailure.REFUSED));
  }
}
