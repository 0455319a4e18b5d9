import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Measures MPM-change downtime on a private Apache, three ways in the same run, alternating:
 * Apache's own floor (stop, wait for the parent, start: no MPM change), the naive stop-first switch
 * (stop, wait, a2dismod/a2enmod, start) and the exporter's POST /admin/mpm. A prober fetches the
 * status page every 5 ms; the downtime is the span from the first failed fetch to the first good
 * one. Run by bench/switch-downtime, which sets up the instance and the exporter.
 *
 * <p>java bench/SwitchDowntime.java STATUS_URL ADMIN_URL TOKEN_FILE ROUNDS
 */
public class SwitchDowntime {
  static final long SETTLE_MS = 2000;
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  public static void main(String[] args) throws Exception {
    String status = args[0];
    String admin = args[1];
    String token = Files.readString(Path.of(args[2])).strip();
    int rounds = Integer.parseInt(args[3]);
    Map<String, List<long[]>> results =
        Map.of("floor", new ArrayList<>(), "naive", new ArrayList<>(), "ours", new ArrayList<>());
    // Each round: the floor stops the current MPM C; the naive switch goes C -> next(C); ours goes
    // next(C) -> next(next(C)). Over 3 rounds every method stops each of the three MPMs once (their
    // parents take different times to exit), so use a multiple of 3.
    for (int i = 0; i < rounds; i++) {
      String current = mpm(status);
      results.get("floor").add(measure(status, current, () -> floor()));
      String n1 = next(current);
      results.get("naive").add(measure(status, n1, () -> naive(current, n1)));
      String n2 = next(n1);
      results.get("ours").add(measure(status, n2, () -> ours(admin, token, n2)));
    }
    long floorMedian = median(results.get("floor"), 0);
    long floorMean = mean(results.get("floor"), 0);
    System.out.printf(
        "%-6s %5s %13s %14s %13s %15s %15s %15s%n",
        "method", "runs", "downtime p50", "downtime mean", "downtime max", "end-to-end p50",
        "p50 / floor p50", "mean / floor");
    for (String m : List.of("floor", "naive", "ours")) {
      List<long[]> r = results.get(m);
      System.out.printf(
          "%-6s %5d %10d ms %11d ms %10d ms %12d ms %15.2f %15.2f%n",
          m, r.size(), median(r, 0), mean(r, 0), max(r, 0), median(r, 1),
          median(r, 0) / (double) floorMedian, mean(r, 0) / (double) floorMean);
    }
  }

  static String next(String mpm) {
    List<String> order = List.of("event", "worker", "prefork");
    return order.get((order.indexOf(mpm) + 1) % order.size());
  }

  interface Action {
    void run() throws Exception;
  }

  /** Runs the action while probing; returns {downtime ms, end-to-end ms until `want` serves}. */
  static long[] measure(String status, String want, Action action) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    long[] outage = {-1, -1};
    Thread prober =
        new Thread(
            () -> {
              while (!stop.get()) {
                boolean ok = fetch(status) != null;
                long now = System.nanoTime();
                if (!ok && outage[0] < 0) {
                  outage[0] = now;
                } else if (ok && outage[0] >= 0 && outage[1] < 0) {
                  outage[1] = now;
                }
                sleep(5);
              }
            });
    prober.start();
    // A freshly started Apache is still forking children for a second or two; a child caught half
    // started makes the parent's exit a reaping step slower. Let every server settle first.
    sleep(SETTLE_MS);
    long t0 = System.nanoTime();
    action.run();
    while (!want.equals(mpm(status))) {
      sleep(5);
    }
    long end = System.nanoTime();
    sleep(300);
    stop.set(true);
    prober.join();
    long down = outage[0] < 0 ? 0 : ((outage[1] < 0 ? end : outage[1]) - outage[0]) / 1_000_000;
    if (System.getenv("BENCH_VERBOSE") != null) {
      System.out.printf("  %s: downtime %d ms, end to end %d ms%n", want, down, (end - t0) / 1_000_000);
    }
    return new long[] {down, (end - t0) / 1_000_000};
  }

  static void floor() throws Exception {
    long pid = parent();
    run("apache2ctl", "stop");
    awaitExit(pid);
    run("apache2ctl", "start");
  }

  static void naive(String from, String to) throws Exception {
    long pid = parent();
    run("apache2ctl", "stop");
    awaitExit(pid);
    run("a2dismod", "-q", "mpm_" + from);
    run("a2enmod", "-q", "mpm_" + to);
    run("apache2ctl", "start");
  }

  static void ours(String admin, String token, String to) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(admin))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"mpm\":\"" + to + "\"}"))
            .timeout(Duration.ofSeconds(60))
            .build();
    HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("switch to " + to + ": " + r.statusCode() + " " + r.body());
    }
  }

  static long parent() throws IOException {
    Path pidFile = Path.of(System.getenv("BENCH_PID_FILE"));
    return Long.parseLong(Files.readString(pidFile).strip());
  }

  static void awaitExit(long pid) {
    ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
  }

  static void run(String... cmd) throws Exception {
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + ": exit " + p.exitValue());
    }
  }

  static String fetch(String url) {
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(500)).build();
      HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static String mpm(String url) {
    String body = fetch(url);
    if (body == null) {
      return null;
    }
    for (String line : body.split("\n")) {
      if (line.startsWith("ServerMPM: ")) {
        return line.substring(11).strip();
      }
    }
    return null;
  }

  static long median(List<long[]> r, int i) {
    List<Long> v = new ArrayList<>();
    r.forEach(x -> v.add(x[i]));
    Collections.sort(v);
    return v.get(v.size() / 2);
  }

  static long mean(List<long[]> r, int i) {
    return Math.round(r.stream().mapToLong(x -> x[i]).average().orElse(0));
  }

  static long max(List<long[]> r, int i) {
    return r.stream().mapToLong(x -> x[i]).max().orElse(0);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
