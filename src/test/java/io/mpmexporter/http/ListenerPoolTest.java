package io.mpmexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A listener whose threads are all held by stalled clients: 503 first, then closed. */
class ListenerPoolTest {
  private static final int MAX = 2;

  private final List<Socket> stalled = new ArrayList<>();
  private ExporterServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        new ExporterServer(
            new InetSocketAddress("127.0.0.1", 0),
            "/metrics",
            new HTTPServer.HTTPMetricHandler(new CollectorRegistry()),
            () -> true,
            "landing",
            WebSecurity.none(),
            MAX);
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : stalled) {
      s.close();
    }
    server.close();
  }

  /** Opens a connection that sends one byte of a request and stops. */
  private void stall() throws IOException {
    Socket s = new Socket("127.0.0.1", server.address().getPort());
    s.getOutputStream().write('G');
    s.getOutputStream().flush();
    stalled.add(s);
  }

  private static void await(IntSupplier count, int expected) throws InterruptedException {
    for (int i = 0; i < 200 && count.getAsInt() < expected; i++) {
      Thread.sleep(10);
    }
    assertThat(count.getAsInt()).isEqualTo(expected);
  }

  /** The raw response to a GET of /metrics, "" when the server closed without one. */
  private String get() throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      out.write(
          "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      try {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      } catch (IOException reset) {
        return "";
      }
    }
  }

  @Test
  void aFullPoolAnswers503WithRetryAfter() throws Exception {
    for (int i = 0; i < MAX; i++) {
      stall();
    }
    await(server.pool()::busy, MAX);

    String response = get();

    assertThat(response).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 1");
    assertThat(server.pool().shed()).isEqualTo(1);
    assertThat(server.pool().dropped()).isZero();
  }

  @Test
  void whenTheOverflowThreadsAreHeldTooTheConnectionIsClosedAndCounted() throws Exception {
    for (int i = 0; i < MAX + ListenerPool.OVERFLOW_THREADS; i++) {
      stall();
    }
    await(server.pool()::busy, MAX);
    await(server.pool()::overflowBusy, ListenerPool.OVERFLOW_THREADS);

    assertThat(get()).isEmpty();
    assertThat(server.pool().dropped()).isEqualTo(1);
  }

  @Test
  void theListenerServesAgainOnceTheStalledClientsAreGone() throws Exception {
    for (int i = 0; i < MAX; i++) {
      stall();
    }
    await(server.pool()::busy, MAX);
    for (Socket s : stalled) {
      s.close();
    }
    for (int i = 0; i < 200 && server.pool().busy() > 0; i++) {
      Thread.sleep(10);
    }

    assertThat(get()).startsWith("HTTP/1.1 200");
  }
}
