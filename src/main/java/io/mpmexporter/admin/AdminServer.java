package io.mpmexporter.admin;

import com.sun.net.httpserver.HttpServer;
import io.mpmexporter.http.ListenerPool;
import io.mpmexporter.http.Listeners;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;

/**
 * The admin listener, apart from the metrics one so that a firewall rule or a bind address can keep
 * it private. Every path goes through {@link AdminHandler}, which authenticates first.
 */
public final class AdminServer implements AutoCloseable {
  /**
   * Connections served at once; more get 503 or are closed (see {@link ListenerPool}). An operator
   * or a rollout needs a few; each connection whose head is being read may hold ~60 KiB of heap
   * (see {@code JdkHttpProperties.MAX_HEADER_BYTES}), so the admin API's share stays small.
   */
  static final int MAX_CONNECTIONS = 64;

  private final HttpServer server;
  private final ListenerPool pool;
  private final ExecutorService background;

  /**
   * @param tls null for plain HTTP (only allowed on loopback: the config checks that)
   * @param background the endpoint's timer, stopped with the server
   */
  public AdminServer(
      InetSocketAddress address, SSLContext tls, AdminHandler handler, ExecutorService background)
      throws IOException {
    this.background = background;
    pool = new ListenerPool("admin", 1, MAX_CONNECTIONS);
    server = Listeners.create(address, Listeners.BACKLOG, tls, "TLSv1.2");
    server.setExecutor(pool);
    server.createContext("/", handler).getFilters().add(pool.shedding());
    server.start();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The listener's threads, for their metrics. */
  public ListenerPool pool() {
    return pool;
  }

  @Override
  public void close() {
    server.stop(0);
    pool.close();
    background.shutdownNow();
  }
}
