package io.mpmexporter.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * Serves /metrics from a rendered body that is reused until the snapshot changes (a new poll), an
 * admin event happens, or {@code maxAgeMillis} passes (for the JVM's own metrics). Scrapes then
 * cost a copy of bytes, however many Prometheus servers ask and however often; Apache is never
 * asked by a scrape in any case. Requests that filter ({@code ?name[]=...}) go to simpleclient's
 * handler; any other query is ignored, so {@code /metrics?x} cannot bypass the cache.
 *
 * <p>In the text format 0.0.4 the {@code _created} series are left out: Prometheus reads them as
 * separate gauges there, and they doubled the size of every counter family.
 */
public final class CachedMetricsHandler implements HttpHandler {
  /** Filtered renders at once; each holds one rendered body (at most the full one). */
  static final int FILTERED_AT_ONCE = 4;

  /** At most this many {@code name[]} values are read from one query. */
  static final int MAX_NAMES = 64;

  private final CollectorRegistry registry;
  private final Supplier<Object> snapshot;
  private final LongSupplier events;
  private final long maxAgeNanos;
  private final Semaphore filtered = new Semaphore(FILTERED_AT_ONCE);
  private final AtomicReference<Body> text = new AtomicReference<>();
  private final AtomicReference<Body> openMetrics = new AtomicReference<>();

  /** A rendered body and what it was rendered from. */
  private record Body(
      Object snapshot, long events, long renderedNanos, byte[] plain, byte[] gzip) {}

  /**
   * @param snapshot the poller's current snapshot, compared by identity
   * @param events a count that changes with every admin event (switch attempt, admin answer)
   */
  public CachedMetricsHandler(
      CollectorRegistry registry,
      Supplier<Object> snapshot,
      LongSupplier events,
      long maxAgeMillis) {
    this.registry = registry;
    this.snapshot = snapshot;
    this.events = events;
    this.maxAgeNanos = maxAgeMillis * 1_000_000L;
  }

  /** Only {@code name[]} (raw or percent-encoded) selects series; nothing else changes the body. */
  static boolean filters(String rawQuery) {
    if (rawQuery == null) {
      return false;
    }
    for (String param : rawQuery.split("&")) {
      if (param.startsWith("name[]=") || param.toLowerCase(Locale.ROOT).startsWith("name%5b%5d=")) {
        return true;
      }
    }
    return false;
  }

  /** The decoded {@code name[]} values of a query, at most {@value #MAX_NAMES}. */
  static Set<String> names(String rawQuery) {
    Set<String> names = new HashSet<>();
    for (String param : rawQuery.split("&")) {
      int eq = param.indexOf('=');
      if (eq < 0 || names.size() >= MAX_NAMES) {
        continue;
      }
      try {
        String key = URLDecoder.decode(param.substring(0, eq), StandardCharsets.UTF_8);
        if (key.equals("name[]")) {
          names.add(URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8));
        }
      } catch (IllegalArgumentException badEscape) {
        // not a name anyone registered
      }
    }
    return names;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String contentType = TextFormat.chooseContentType(ex.getRequestHeaders().getFirst("Accept"));
    boolean om = contentType.equals(TextFormat.CONTENT_TYPE_OPENMETRICS_100);
    String encoding = ex.getRequestHeaders().getFirst("Accept-Encoding");
    boolean gzip = encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip");
    String query = ex.getRequestURI().getRawQuery();
    if (filters(query)) {
      handleFiltered(ex, contentType, om, gzip, names(query));
      return;
    }
    Body body = current(om ? openMetrics : text, contentType, om);
    send(ex, contentType, gzip, gzip ? body.gzip() : body.plain());
  }

  private void handleFiltered(
      HttpExchange ex, String contentType, boolean om, boolean gzip, Set<String> names)
      throws IOException {
    boolean admitted;
    try {
      admitted = filtered.tryAcquire(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admitted = false;
    }
    if (!admitted) {
      ex.getResponseHeaders().set("Retry-After", "1");
      Responses.text(ex, 503, "Busy: too many filtered requests; try again.\n");
      return;
    }
    byte[] plain;
    try {
      plain = render(contentType, om, names);
    } finally {
      filtered.release();
    }
    send(ex, contentType, gzip, gzip ? gzip(plain) : plain);
  }

  private static void send(HttpExchange ex, String contentType, boolean gzip, byte[] bytes)
      throws IOException {
    if (gzip) {
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    Responses.send(ex, 200, contentType, bytes);
  }

  private Body current(AtomicReference<Body> slot, String contentType, boolean om)
      throws IOException {
    Body b = slot.get();
    if (fresh(b)) {
      return b;
    }
    synchronized (slot) {
      b = slot.get();
      if (fresh(b)) {
        return b; // rendered by the scrape we waited for
      }
      Object s = snapshot.get();
      long e = events.getAsLong();
      long now = System.nanoTime();
      byte[] plain = render(contentType, om, null);
      b = new Body(s, e, now, plain, gzip(plain));
      slot.set(b);
      return b;
    }
  }

  private boolean fresh(Body b) {
    return b != null
        && b.snapshot() == snapshot.get()
        && b.events() == events.getAsLong()
        && System.nanoTime() - b.renderedNanos() < maxAgeNanos;
  }

  /** The registry's samples, only {@code names} (and their series) when not null. */
  private byte[] render(String contentType, boolean om, Set<String> names) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(names == null ? 32 * 1024 : 1024);
    try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
      TextFormat.writeFormat(
          contentType,
          w,
          registry.filteredMetricFamilySamples(
              name ->
                  (om || !name.endsWith("_created")) && (names == null || names.contains(name))));
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 4 + 64);
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(plain);
    }
    return out.toByteArray();
  }
}
