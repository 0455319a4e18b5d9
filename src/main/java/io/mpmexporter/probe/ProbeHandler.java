package io.mpmexporter.probe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.mpmexporter.apache.PollFailure;
import io.mpmexporter.apache.StatusClient;
import io.mpmexporter.apache.StatusPage;
import io.mpmexporter.http.Responses;
import io.mpmexporter.log.Log;
import io.mpmexporter.metrics.ProbeFamilies;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * {@code GET /probe?target=…&module=…}: reads one target's status page and answers its metrics.
 * Before anything is sent the target must be in {@code allowed_targets} (else 403) and a probe slot
 * free (else 503): the endpoint cannot be made to fetch other URLs, nor to hold more than {@code
 * maxConcurrent} connections. A target that fails answers 200 with {@code apache_up 0} and {@code
 * apache_probe_failed{reason}}, as blackbox_exporter answers a failed probe.
 */
public final class ProbeHandler implements HttpHandler {
  /** Longest query read; a target URL is far shorter. */
  static final int MAX_QUERY = 2048;

  /** Cut from Prometheus's scrape timeout so the answer arrives before Prometheus gives up. */
  static final Duration SCRAPE_MARGIN = Duration.ofMillis(500);

  /** The shortest deadline a probe gets, whatever the scrape timeout says. */
  static final Duration MIN_DEADLINE = Duration.ofMillis(100);

  private final Map<String, ProbeModule> modules;
  private final Map<String, StatusClient> clients = new HashMap<>();
  private final AllowedTargets allowed;
  private final Semaphore slots;
  private final ProbeStats stats;
  private final boolean compat;

  /**
   * @param maxBodyBytes the cap on a status page, as for the local poll
   * @param executor the HTTP clients' threads
   */
  public ProbeHandler(
      ProbeConfigFile.Settings settings,
      int maxConcurrent,
      int maxBodyBytes,
      boolean compat,
      ProbeStats stats,
      Executor executor) {
    this.modules = settings.modules();
    this.allowed = settings.allowed();
    this.slots = new Semaphore(maxConcurrent);
    this.stats = stats;
    this.compat = compat;
    for (ProbeModule m : modules.values()) {
      clients.put(
          m.name(), StatusClient.forTargets(m.timeout(), maxBodyBytes, executor, m.access()));
    }
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    Map<String, String> params;
    try {
      params = ProbeQuery.parse(ex.getRequestURI().getRawQuery(), MAX_QUERY);
    } catch (IllegalArgumentException e) {
      refuse(ex, 400, ProbeStats.BAD_REQUEST, e.getMessage());
      return;
    }
    String moduleName = params.getOrDefault("module", "default");
    ProbeModule module = modules.get(moduleName);
    if (module == null) {
      refuse(
          ex,
          400,
          ProbeStats.BAD_REQUEST,
          "unknown module '"
              + printable(moduleName)
              + "' (modules: "
              + String.join(", ", names())
              + ")");
      return;
    }
    String target = params.get("target");
    if (target == null || target.isEmpty()) {
      refuse(ex, 400, ProbeStats.BAD_REQUEST, "target is required: /probe?target=host:port");
      return;
    }
    ProbeTarget t;
    try {
      t = ProbeTarget.parse(target, module);
    } catch (IllegalArgumentException e) {
      refuse(ex, 400, ProbeStats.BAD_REQUEST, e.getMessage());
      return;
    }
    if (!allowed.allows(t.host(), t.port())) {
      refuse(
          ex,
          403,
          ProbeStats.FORBIDDEN,
          "target " + t.host() + ":" + t.port() + " is not in allowed_targets; nothing was sent");
      return;
    }
    if (!slots.tryAcquire()) {
      ex.getResponseHeaders().set("Retry-After", "1");
      refuse(ex, 503, ProbeStats.BUSY, "busy: too many probes in flight; try again");
      return;
    }
    List<MetricFamilySamples> families;
    stats.inFlight().incrementAndGet();
    try {
      families = probe(module, t, deadline(module, ex));
    } finally {
      stats.inFlight().decrementAndGet();
      slots.release();
    }
    String contentType = TextFormat.chooseContentType(ex.getRequestHeaders().getFirst("Accept"));
    ByteArrayOutputStream out = new ByteArrayOutputStream(8 * 1024);
    try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
      TextFormat.writeFormat(contentType, w, Collections.enumeration(families));
    }
    Responses.send(ex, 200, contentType, out.toByteArray());
  }

  private List<MetricFamilySamples> probe(ProbeModule module, ProbeTarget t, Duration deadline) {
    long start = System.nanoTime();
    StatusPage page = null;
    String reason = null;
    try {
      page = clients.get(module.name()).fetch(t.uri(), deadline);
    } catch (PollFailure e) {
      reason = e.reason();
      Log.debug(
          "probe failed",
          "target",
          t.uri(),
          "module",
          module.name(),
          "reason",
          reason,
          "err",
          e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reason = PollFailure.IO;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    stats.count(page != null ? ProbeStats.UP : ProbeStats.DOWN);
    return ProbeFamilies.of(
        page, reason, seconds, System.currentTimeMillis(), module.expectedMpms(), compat);
  }

  /**
   * The module's timeout, shortened to Prometheus's scrape timeout (its {@code
   * X-Prometheus-Scrape-Timeout-Seconds} header) minus {@link #SCRAPE_MARGIN}.
   */
  static Duration deadline(ProbeModule module, HttpExchange ex) {
    Duration d = module.timeout();
    String header = ex.getRequestHeaders().getFirst("X-Prometheus-Scrape-Timeout-Seconds");
    if (header != null) {
      try {
        double s = Double.parseDouble(header);
        if (s > 0 && s < 86400) {
          Duration scrape = Duration.ofMillis((long) (s * 1000)).minus(SCRAPE_MARGIN);
          if (scrape.compareTo(d) < 0) {
            d = scrape;
          }
        }
      } catch (NumberFormatException ignored) {
        // not Prometheus: the module's timeout
      }
    }
    return d.compareTo(MIN_DEADLINE) < 0 ? MIN_DEADLINE : d;
  }

  /** Client text echoed back: short, control characters replaced. */
  private static String printable(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  private List<String> names() {
    return modules.keySet().stream().sorted().toList();
  }

  private void refuse(HttpExchange ex, int code, String outcome, String message)
      throws IOException {
    stats.count(outcome);
    Responses.text(ex, code, message + "\n");
  }
}
