package io.mpmexporter.admin;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.mpmexporter.http.Pools;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadPoolExecutor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The admin listener, apart from the metrics one so that a firewall rule or a bind address can keep
 * it private. Every path goes through {@link AdminHandler}, which authenticates first.
 */
public final class AdminServer implements AutoCloseable {
  private static final int THREADS = 4;
  private final HttpServer server;
  private final ThreadPoolExecutor pool;

  /**
   * @param tls null for plain HTTP (only allowed on loopback: the config checks that)
   */
  public AdminServer(InetSocketAddress address, SSLContext tls, AdminHandler handler)
      throws IOException {
    pool = Pools.bounded("admin", THREADS, 16);
    if (tls == null) {
      server = HttpServer.create(address, 16);
    } else {
      HttpsServer https = HttpsServer.create(address, 16);
      https.setHttpsConfigurator(
          new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
              SSLParameters p = tls.getDefaultSSLParameters();
              p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
              params.setSSLParameters(p);
            }
          });
      server = https;
    }
    server.setExecutor(pool);
    server.createContext("/", handler);
    server.start();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
