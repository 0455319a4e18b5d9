package io.mpmexporter.app;

import io.mpmexporter.admin.MpmAdmin;

/**
 * The JDK's HTTP server and client read these system properties once, when their classes first
 * load: {@link Main} sets them before anything else runs, for the exporter and the switch agent.
 */
public final class JdkHttpProperties {
  /** How long a client may take to send its request to our listeners. */
  public static final long READ_DEADLINE_SECONDS = 5;

  /**
   * How long a response may take, counted by the JDK from the end of the request to the last byte
   * written: the handler's own time is included. So it must outlast the longest handler, a switch
   * through the admin API (up to {@link AdminHandler#SWITCH_DEADLINE}; a hand-over that waits for a
   * long download on the old server takes 20 s and more): at 10 s a CI run's rollout lost the
   * report of a switch that went on to succeed. A client that stops reading holds its pool thread
   * only while a write blocks, once the socket buffers on both ends are full.
   */
  public static final long WRITE_DEADLINE_SECONDS = MpmAdmin.SWITCH_DEADLINE.toSeconds() + 30;

  /**
   * The request head a client may send: at most this many bytes of header lines (names and values)
   * and this many header lines. Above it the JDK closes the connection before any handler, basic
   * auth or token check runs (it cannot answer 431). The JDK's defaults (380 KiB, 200 lines) let
   * 120 stalled connections hold 45 MiB and end the JVM at a 24 MiB heap. A connection whose head
   * is being read costs up to ~60 KiB of heap at this limit (the JDK's stream buffers, its
   * per-thread NIO buffer cache, the head itself: measured with 304 heads of 8 KiB stalled), and
   * the listeners' pools (with their overflow threads) read at most 264 + 72 heads at once: 20 MiB
   * in the launcher's 40 MiB heap. At 16 KiB, 528 such heads ended a 24 MiB heap.
   */
  public static final int MAX_HEADER_BYTES = 8 * 1024;

  public static final int MAX_HEADERS = 64;

  private JdkHttpProperties() {}

  public static void apply() {
    // Without it every request after the first on a kept-alive connection waits ~40 ms (Nagle +
    // delayed ACK): measured on scrapes, and on the admin API (12,000 requests took 9 minutes).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    // Deadlines (seconds) on reading a request's head and body and on writing a response: a client
    // that stops sending or reading is closed, and the pool thread it held is free again.
    System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(READ_DEADLINE_SECONDS));
    System.setProperty("sun.net.httpserver.maxRspTime", Long.toString(WRITE_DEADLINE_SECONDS));
    System.setProperty("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_HEADER_BYTES));
    System.setProperty("sun.net.httpserver.maxReqHeaders", Integer.toString(MAX_HEADERS));
    // Lets the status client send "Connection: close" and --apache.host-override.
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection,host");
  }
}
