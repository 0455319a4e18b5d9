package io.mpmexporter.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The metrics listener: simpleclient's metrics handler on our own {@link HttpServer} with a small
 * bounded pool, {@code /-/healthy}, {@code /-/ready}, a landing page at {@code /}, 404 for every
 * other path and 405 for methods other than GET and HEAD.
 */
public final class ExporterServer implements AutoCloseable {
  /** Connections served at once; more get 503 or are closed (see {@link ListenerPool}). */
  static final int MAX_CONNECTIONS = 256;

  private final HttpServer server;
  private final ListenerPool pool;
  private final WebSecurity security;

  /**
   * @param metrics the /metrics handler (normally {@link CachedMetricsHandler})
   * @param ready answers /-/ready: true once the first polls are done
   */
  public ExporterServer(
      InetSocketAddress address,
      String telemetryPath,
      HttpHandler metrics,
      BooleanSupplier ready,
      String landingPage)
      throws IOException {
    this(address, telemetryPath, metrics, ready, landingPage, WebSecurity.none());
  }

  /**
   * @param security TLS and basic auth from --web.config.file; every path is behind them
   */
  public ExporterServer(
      InetSocketAddress address,
      String telemetryPath,
      HttpHandler metrics,
      BooleanSupplier ready,
      String landingPage,
      WebSecurity security)
      throws IOException {
    this(address, telemetryPath, metrics, ready, landingPage, security, MAX_CONNECTIONS);
  }

  /**
   * @param maxConnections connections served at once (tests make it small)
   */
  ExporterServer(
      InetSocketAddress address,
      String telemetryPath,
      HttpHandler metrics,
      BooleanSupplier ready,
      String landingPage,
      WebSecurity security,
      int maxConnections)
      throws IOException {
    this.security = security;
    pool = new ListenerPool("metrics", 2, maxConnections);
    server = Listeners.create(address, Listeners.BACKLOG, security.tls(), security.minTlsVersion());
    server.setExecutor(pool);
    context(telemetryPath, exact(telemetryPath, metrics));
    context("/-/healthy", exact("/-/healthy", ex -> Responses.text(ex, 200, "Healthy.\n")));
    context(
        "/-/ready",
        exact(
            "/-/ready",
            ex -> {
              if (ready.getAsBoolean()) {
                Responses.text(ex, 200, "Ready.\n");
              } else {
                Responses.text(ex, 503, "Not ready: the first poll has not finished.\n");
              }
            }));
    context(
        "/",
        exact(
            "/",
            ex ->
                Responses.send(
                    ex,
                    200,
                    "text/html; charset=utf-8",
                    landingPage.getBytes(StandardCharsets.UTF_8))));
    server.start();
  }

  /**
   * Serves {@code handler} on exactly {@code path} too, behind the same limits, TLS and basic auth
   * as the metrics.
   */
  public void mount(String path, HttpHandler handler) {
    context(path, exact(path, handler));
  }

  private void context(String path, HttpHandler handler) {
    server.createContext(path, handler).getFilters().add(pool.shedding());
  }

  /** The bound address (the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The listener's threads, for their metrics. */
  public ListenerPool pool() {
    return pool;
  }

  /**
   * Serves {@code handler} only on exactly {@code path} and only for GET and HEAD, after basic auth
   * when it is configured.
   */
  private HttpHandler exact(String path, HttpHandler handler) {
    return ex -> {
      try (ex) {
        if (security.auth() != null
            && !security.auth().allows(ex.getRequestHeaders().get("Authorization"))) {
          ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"apache-mpm-exporter\"");
          Responses.text(ex, 401, "Unauthorized.\n");
          return;
        }
        if (!ex.getRequestURI().getPath().equals(path)) {
          Responses.text(ex, 404, "Not found. Metrics are at the path on the landing page /.\n");
          return;
        }
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
          ex.getResponseHeaders().set("Allow", "GET, HEAD");
          Responses.text(ex, 405, "Method not allowed.\n");
          return;
        }
        handler.handle(ex);
      }
    };
  }

  @Override
  public void close() {
    server.stop(0);
    pool.close();
  }
}
