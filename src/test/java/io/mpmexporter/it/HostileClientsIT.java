package io.mpmexporter.it;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile clients on both listeners, against the exporter under the shipped launcher's JVM flags:
 * connections that send a byte and stall (closed at the read deadline), a flood of huge unfinished
 * header blocks (closed at the header limit) with filtered scrapes at once, and refused POSTs;
 * scrapes and the admin API keep answering at once, and the process lives.
 */
class HostileClientsIT {
  private static final int IDLE = 200;

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

  /** True when the server closed the connection (end of stream or reset) within the timeout. */
  private static boolean closedByServer(Socket s, int millis) throws IOException {
    s.setSoTimeout(millis);
    try {
      InputStream in = s.getInputStream();
      while (in.read() >= 0) {
        // the server may answer 400 first; read on to the close
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /** A real Apache and the exporter (launcher's JVM flags) with its admin API on, no agent. */
  private record Setup(ApacheInstance apache, ExporterProcess exporter, AdminClient admin)
      implements AutoCloseable {
    @Override
    public void close() throws java.io.IOException {
      exporter.close();
      apache.close();
    }
  }

  private Setup start() throws Exception {
    ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event");
    apache.start();
    Path token = AdminClient.tokenFile(tmp);
    int adminPort = ApacheInstance.freePort();
    ExporterProcess exporter =
        ExporterProcess.start(
            tmp,
            apache.env(),
            Tools.shippedJvmFlags(),
            "--apache.status-url=" + apache.statusUrl(),
            "--apache.ctl=apache2ctl",
            "--admin.token-file=" + token,
            "--admin.listen-address=127.0.0.1:" + adminPort,
            "--admin.audit-log=" + tmp.resolve("audit.log"),
            "--admin.switch-socket=" + tmp.resolve("no-agent.sock"));
    return new Setup(apache, exporter, new AdminClient(adminPort, Files.readString(token).strip()));
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
    try (Setup setup = start()) {
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
    try (Setup setup = start()) {
      ExporterProcess exporter = setup.exporter();
      AdminClient admin = setup.admin();
      int adminPort = admin.port();
      long opened = System.nanoTime();
      List<Socket> stalled = new ArrayList<>(stall(exporter.port(), IDLE));
      stalled.addAll(stall(adminPort, IDLE));
      try {
        System.out.printf(
            "%d stalled connections opened in %d ms%n",
            stalled.size(), (System.nanoTime() - opened) / 1_000_000);
        // The exporter reports its own saturation: every stalled connection holds a thread once the
        // server has dispatched it. (Filtered scrapes: rendered now, not from the 1 s cache.)
        String metrics = "";
        for (int i = 0; i < 40; i++) {
          metrics = exporter.get("/metrics?name%5B%5D=apache_exporter_http_busy_threads").body();
          if (busyThreads(metrics, "metrics") >= IDLE && busyThreads(metrics, "admin") >= IDLE) {
            break;
          }
          Thread.sleep(50);
        }
        assertThat(busyThreads(metrics, "metrics")).isGreaterThanOrEqualTo(IDLE);
        assertThat(busyThreads(metrics, "admin")).isGreaterThanOrEqualTo(IDLE);
        for (int i = 0; i < 10; i++) {
          long t0 = System.nanoTime();
          HttpResponse<String> m = exporter.get("/metrics");
          long ms = (System.nanoTime() - t0) / 1_000_000;
          assertThat(m.statusCode()).isEqualTo(200);
          assertThat(ms).as("scrape %d with %d stalled connections", i, 2 * IDLE).isLessThan(1000);
          t0 = System.nanoTime();
          assertThat(admin.get().statusCode()).isEqualTo(200);
          assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);
        }
        int closed = 0;
        for (Socket s : stalled) {
          long left = 12_000 - (System.nanoTime() - opened) / 1_000_000;
          if (closedByServer(s, (int) Math.max(1, left))) {
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

  /** Connections of the header flood, split over both listeners. */
  private static final int FLOOD = 500;

  /** The exporter's resident memory may not pass this during the flood (measured: see the note). */
  private static final long RSS_BOUND_KIB = 160 * 1024;

  /**
   * A request line and ~300 KB of header lines (37 of 8 KB) that never end. Returns the socket,
   * left open; a write that fails means the server closed the connection at its header limit.
   */
  private static Socket hugeHead(int port, String path) {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n").getBytes(US_ASCII));
      byte[] line = ("X-Pad: " + "a".repeat(8192 - 9) + "\r\n").getBytes(US_ASCII);
      for (int i = 0; i < 37; i++) {
        out.write(line);
      }
      out.flush();
    } catch (IOException closedByServer) {
      // the point of the limit
    }
    return s;
  }

  private static long rssKib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  @Test
  void aFloodOfHugeUnfinishedHeadersOnBothListenersKillsNothing() throws Exception {
    try (Setup setup = start()) {
      ExporterProcess exporter = setup.exporter();
      AdminClient admin = setup.admin();
      long pid = exporter.pid();
      AtomicLong peakRss = new AtomicLong(rssKib(pid));
      AtomicBoolean flooding = new AtomicBoolean(true);
      Thread sampler =
          new Thread(
              () -> {
                while (flooding.get()) {
                  try {
                    peakRss.accumulateAndGet(rssKib(pid), Math::max);
                    Thread.sleep(50);
                  } catch (IOException | InterruptedException gone) {
                    return;
                  }
                }
              });
      sampler.start();
      ExecutorService attackers = Executors.newFixedThreadPool(50);
      ExecutorService filtering = Executors.newFixedThreadPool(64);
      List<Future<Socket>> flood = new ArrayList<>();
      List<Future<Integer>> filtered = new ArrayList<>();
      long slowest = 0;
      try {
        for (int i = 0; i < FLOOD; i++) {
          boolean metrics = i % 2 == 0;
          int port = metrics ? exporter.port() : admin.port();
          String path = metrics ? "/metrics" : "/admin/mpm";
          flood.add(attackers.submit(() -> hugeHead(port, path)));
        }
        for (int i = 0; i < 64; i++) {
          filtered.add(
              filtering.submit(
                  () ->
                      exporter
                          .get("/metrics?name[]=apache_up&name[]=apache_workers")
                          .statusCode()));
        }
        for (int i = 0; i < 10; i++) {
          long t0 = System.nanoTime();
          HttpResponse<String> m = exporter.get("/metrics");
          long ms = (System.nanoTime() - t0) / 1_000_000;
          slowest = Math.max(slowest, ms);
          assertThat(m.statusCode()).isEqualTo(200);
          assertThat(m.body()).contains("apache_up 1.0");
          assertThat(ms).as("scrape %d during the flood", i).isLessThan(1000);
          assertThat(admin.get().statusCode()).isEqualTo(200);
          Thread.sleep(100);
        }
        int closed = 0;
        for (Future<Socket> f : flood) {
          Socket s = f.get(60, TimeUnit.SECONDS);
          if (closedByServer(s, 6000)) {
            closed++;
          }
          s.close();
        }
        Map<Integer, Long> codes = new TreeMap<>();
        for (Future<Integer> f : filtered) {
          codes.merge(f.get(30, TimeUnit.SECONDS), 1L, Long::sum);
        }
        flooding.set(false);
        sampler.join();
        System.out.printf(
            "flood of %d connections with ~300 KB unfinished headers: %d closed by the exporter;"
                + " 64 filtered scrapes at once: %s; slowest of 10 scrapes %d ms; RSS peak %d"
                + " KiB, after %d KiB%n",
            FLOOD, closed, codes, slowest, peakRss.get(), rssKib(pid));
        assertThat(exporter.alive()).as("the exporter survived: " + exporter.log()).isTrue();
        assertThat(closed)
            .as("every flooding connection closed at the header limit")
            .isEqualTo(FLOOD);
        assertThat(codes.keySet()).isSubsetOf(200, 503);
        assertThat(peakRss.get()).isLessThan(RSS_BOUND_KIB);
        assertThat(exporter.get("/metrics").statusCode()).isEqualTo(200);
      } finally {
        flooding.set(false);
        attackers.shutdownNow();
        filtering.shutdownNow();
      }
    }
  }

  /** One header line over the limit: the exporter closes the connection before any handler. */
  @Test
  void headerLimitsCloseBeforeAnyHandler() throws Exception {
    try (Setup setup = start()) {
      ExporterProcess exporter = setup.exporter();
      String big = "X-Big: " + "b".repeat(17 * 1024) + "\r\n";
      StringBuilder many = new StringBuilder();
      for (int i = 0; i < 65; i++) {
        many.append("X-H").append(i).append(": v\r\n");
      }
      for (int port : List.of(exporter.port(), setup.admin().port())) {
        assertThat(rawAnswer(port, big)).as("17 KiB of headers on %d", port).isEmpty();
        assertThat(rawAnswer(port, many.toString())).as("65 headers on %d", port).isEmpty();
      }
      assertThat(rawAnswer(exporter.port(), "X-H: v\r\n".repeat(60)))
          .as("60 small headers are fine")
          .startsWith("HTTP/1.1 200");
      assertThat(exporter.alive()).isTrue();
    }
  }

  /** Sends one request with {@code headers} and returns what comes back before the close. */
  private static String rawAnswer(int port, String headers) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      s.setSoTimeout(6000);
      try {
        s.getOutputStream()
            .write(
                ("GET /metrics HTTP/1.1\r\nHost: x\r\n" + headers + "Connection: close\r\n\r\n")
                    .getBytes(US_ASCII));
        return new String(s.getInputStream().readAllBytes(), US_ASCII);
      } catch (IOException reset) {
        return "";
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
