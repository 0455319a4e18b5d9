package io.mpmexporter;

/**
 * The JDK's HTTP server and client read these system properties once, when their classes first
 * load: {@link Main} sets them before anything else runs, for the exporter and the switch agent.
 */
public final class JdkHttpProperties {
  /** How long a client may take to send its request to our listeners. */
  public static final long READ_DEADLINE_SECONDS = 5;

  /** How long a client may take to read a response (a scrape is under 100 KiB). */
  public static final long WRITE_DEADLINE_SECONDS = 10;

  private JdkHttpProperties() {}

  public static void apply() {
    // Without it every request after the first on a kept-alive connection waits ~40 ms (Nagle +
    // delayed ACK): measured on scrapes, and on the admin API (12,000 requests took 9 minutes).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    // Deadlines (seconds) on reading a request's head and body and on writing a response: a client
    // that stops sending or reading is closed, and the pool thread it held is free again.
    System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(READ_DEADLINE_SECONDS));
    System.setProperty("sun.net.httpserver.maxRspTime", Long.toString(WRITE_DEADLINE_SECONDS));
    // Lets the status client send "Connection: close" and --apache.host-override.
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection,host");
  }
}
