package io.mpmexporter.web;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** Creates our HTTP listeners, plain or TLS (TLS 1.2 or 1.3 only). */
public final class Listeners {
  /** How long a client may take to send its request. */
  public static final long READ_DEADLINE_SECONDS = 5;

  /** How long a client may take to read a response (a scrape is under 100 KiB). */
  public static final long WRITE_DEADLINE_SECONDS = 10;

  static {
    // Without it every request after the first on a kept-alive connection waits ~40 ms (Nagle +
    // delayed ACK): measured on scrapes, and on the admin API (12,000 requests took 9 minutes).
    // The JDK reads it once, when its server classes load: here, before either server exists.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    // Deadlines (seconds) on reading a request's head and body and on writing a response: a client
    // that stops sending or reading is closed, and the pool thread it held is free again.
    System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(READ_DEADLINE_SECONDS));
    System.setProperty("sun.net.httpserver.maxRspTime", Long.toString(WRITE_DEADLINE_SECONDS));
  }

  private Listeners() {}

  /**
   * @param tls null for plain HTTP
   * @param minVersion TLSv1.2 or TLSv1.3, the lowest protocol version offered
   */
  public static HttpServer create(
      InetSocketAddress address, int backlog, SSLContext tls, String minVersion)
      throws IOException {
    if (tls == null) {
      return HttpServer.create(address, backlog);
    }
    String[] protocols =
        "TLSv1.3".equals(minVersion)
            ? new String[] {"TLSv1.3"}
            : new String[] {"TLSv1.3", "TLSv1.2"};
    HttpsServer https = HttpsServer.create(address, backlog);
    https.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = tls.getDefaultSSLParameters();
            p.setProtocols(protocols);
            params.setSSLParameters(p);
          }
        });
    return https;
  }
}
