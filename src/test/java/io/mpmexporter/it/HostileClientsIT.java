package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile clients on both listeners, against the exporter under the shipped launcher's JVM flags:
 * connections that send a byte and stall (closed at the read deadline) and refused POSTs; scrapes
 * and the admin API keep answering at once. Huge request heads are {@link HeaderFloodIT}'s.
 */
class HostileClientsIT {
  /** Stalled connections on the metrics listener (of its 256 threads). */
  private static final int IDLE = 200;

  /** Stalled connections on the admin listener (of its 64 threads). */
  private static final int IDLE_ADMIN = 56;

  @TempDir Path tmp;

  private static List<Socket> stall(int port, int n) throws IOException {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Socket s = new Socket();
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      s.getOutputStream().write('G');
      s.getOutputStream().flush();
      sockets.add(s);
    }
    return sockets;
  }

  /** {@code n} POSTs without a token: each is answered 401. */
  private static void refusedPosts(AdminClient admin, String path, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      admin.send(
          admin
              .request(path)
              .header("Content-Type", "application/json")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"mpm\":\"prefork\"}")));
    }
  }

  @Test
  void tenThousandRefusedPostsWithLongPathsLeaveNoHeapBehind() throws Exception {
    try (HostileSetup setup = HostileSetup.start(tmp)) {
      ExporterProcess exporter = setup.exporter();
      AdminClient admin = setup.admin();
      String path = "/admin/" + "p".repeat(4000);
      refusedPosts(admin, path, 500); // warm-up: classes loaded, pools at their size
      double before = exporter.heapAfterGc();
      refusedPosts(admin, path, 10_000);
      double after = exporter.heapAfterGc();
      System.out.printf(
          "heap after GC: %.2f MiB before, %.2f MiB after 10,000 refused POSTs%n",
          before / 1048576, after / 1048576);
      assertThat(after - before).as("heap retained by 10,000 refused POSTs").isLessThan(512 * 1024);
      assertThat(Files.exists(tmp.resolve("audit.log")) ? Files.size(tmp.resolve("audit.log")) : 0)
          .as("refused POSTs are not audited")
          .isZero();
    }
  }

  @Test
  void stalledConnectionsStarveNeitherListenerAndAreClosedAtTheDeadline() throws Exception {
    try (HostileSetup setup = HostileSetup.start(tmp)) {
      ExporterProcess exporter = setup.exporter();
      AdminClient admin = setup.admin();
      int adminPort = admin.port();
      long opened = System.nanoTime();
      List<Socket> stalled = new ArrayList<>(stall(exporter.port(), IDLE));
      stalled.addAll(stall(adminPort, IDLE_ADMIN));
      try {
        System.out.printf(
            "%d stalled connections opened in %d ms%n",
            stalled.size(), (System.nanoTime() - opened) / 1_000_000);
        // The exporter reports its own saturation: every stalled connection holds a thread once the
        // server has dispatched it. (Filtered scrapes: rendered now, not from the 1 s cache.)
        String metrics = "";
        for (int i = 0; i < 40; i++) {
          metrics = exporter.get("/metrics?name%5B%5D=apache_exporter_http_busy_threads").body();
          if (busyThreads(metrics, "metrics") >= IDLE
              && busyThreads(metrics, "admin") >= IDLE_ADMIN) {
            break;
          }
          Thread.sleep(50);
        }
        assertThat(busyThreads(metrics, "metrics")).isGreaterThanOrEqualTo(IDLE);
        assertThat(busyThreads(metrics, "admin")).isGreaterThanOrEqualTo(IDLE_ADMIN);
        for (int i = 0; i < 10; i++) {
          long t0 = System.nanoTime();
          HttpResponse<String> m = exporter.get("/metrics");
          long ms = (System.nanoTime() - t0) / 1_000_000;
          assertThat(m.statusCode()).isEqualTo(200);
          assertThat(ms)
              .as("scrape %d with %d stalled connections", i, IDLE + IDLE_ADMIN)
              .isLessThan(1000);
          t0 = System.nanoTime();
          assertThat(admin.get().statusCode()).isEqualTo(200);
          assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);
        }
        int closed = 0;
        for (Socket s : stalled) {
          long left = 12_000 - (System.nanoTime() - opened) / 1_000_000;
          if (HostileSetup.closedByServer(s, (int) Math.max(1, left))) {
            closed++;
          }
        }
        System.out.printf(
            "%d of %d stalled connections closed by the server within %d ms%n",
            closed, stalled.size(), (System.nanoTime() - opened) / 1_000_000);
        assertThat(closed).isEqualTo(stalled.size());
      } finally {
        for (Socket s : stalled) {
          s.close();
        }
      }
    }
  }

  private static double busyThreads(String metrics, String listener) {
    String prefix = "apache_exporter_http_busy_threads{listener=\"" + listener + "\",} ";
    return metrics
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
        .findFirst()
        .orElse(-1);
  }
}
