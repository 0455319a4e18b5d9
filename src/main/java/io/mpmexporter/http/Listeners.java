package io.mpmexporter.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Creates our HTTP listeners, plain or TLS (TLS 1.2 or 1.3 only). Their read and write deadlines
 * and TCP_NODELAY are JDK properties that {@code JdkHttpProperties} sets at start.
 */
public final class Listeners {
  /**
   * The accept queue of each listener. At 128, a burst of 250 connections (a flood on one listener)
   * overflowed it: the kernel dropped the SYN of a scrape that came with them and the client
   * retried after 1 s and 3 s (a 3.6 s scrape). The kernel caps it at net.core.somaxconn (4096).
   */
  public static final int BACKLOG = 1024;

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
