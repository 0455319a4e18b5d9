package io.mpmexporter.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load generator for the hand-over tests: {@code threads} clients GET one static file
 * from 127.0.0.1 as fast as they can, each request on a new connection ({@code Connection: close})
 * or on kept-alive connections, until stopped or {@code maxSeconds} pass. Counts 2xx answers, other
 * answers, and failures (refused, reset, no complete status line).
 */
final class LoadLoop {
  record Counts(long ok, long non2xx, long failed) {}

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong non2xx = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private final List<String> firstErrors = new ArrayList<>();
  private final long deadline;

  private LoadLoop(int port, String path, int n, boolean keepAlive, int maxSeconds) {
    deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
    for (int i = 0; i < n; i++) {
      Thread t =
          new Thread(() -> loop(port, path, keepAlive), "load-" + (keepAlive ? "ka-" : "") + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  static LoadLoop start(int port, String path, int threads, boolean keepAlive, int maxSeconds) {
    return new LoadLoop(port, path, threads, keepAlive, maxSeconds);
  }

  private boolean go() {
    return running.get() && System.nanoTime() < deadline;
  }

  private void loop(int port, String path, boolean keepAlive) {
    byte[] request =
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (keepAlive ? "" : "Connection: close\r\n")
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    while (go()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        do {
          out.write(request);
          out.flush();
          count(readResponse(in));
        } while (keepAlive && go());
      } catch (IOException e) {
        failed.incrementAndGet();
        synchronized (firstErrors) {
          if (firstErrors.size() < 5) {
            firstErrors.add(e.toString());
          }
        }
      }
    }
  }

  private void count(int status) {
    if (status >= 200 && status < 300) {
      ok.incrementAndGet();
    } else {
      non2xx.incrementAndGet();
    }
  }

  /** Reads one response (status line, headers, Content-Length body); returns the status code. */
  private static int readResponse(InputStream in) throws IOException {
    String status = line(in);
    if (!status.startsWith("HTTP/1.")) {
      throw new IOException("no status line: '" + status + "'");
    }
    int length = 0;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(h.substring(15).strip());
      }
    }
    if (in.readNBytes(length).length != length) {
      throw new IOException("body cut short");
    }
    return Integer.parseInt(status.substring(9, 12));
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed mid-response");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  /** Stops the clients and returns the counts. */
  Counts stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(10_000);
    }
    return new Counts(ok.get(), non2xx.get(), failed.get());
  }

  List<String> firstErrors() {
    synchronized (firstErrors) {
      return List.copyOf(firstErrors);
    }
  }
}
