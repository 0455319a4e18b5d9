package io.mpmexporter.app;

import com.sun.net.httpserver.HttpHandler;
import io.mpmexporter.base.DaemonThreads;
import io.mpmexporter.config.Config;
import io.mpmexporter.config.ProbeConfig;
import io.mpmexporter.config.UsageException;
import io.mpmexporter.http.Responses;
import io.mpmexporter.log.Log;
import io.mpmexporter.probe.ProbeConfigFile;
import io.mpmexporter.probe.ProbeHandler;
import io.mpmexporter.probe.ProbeModule;
import io.mpmexporter.probe.ProbeStats;
import io.prometheus.client.CollectorRegistry;
import java.util.concurrent.Executors;

/** Wires {@code /probe}: the handler over the probe configuration file, or a 404 that says why. */
final class ProbeEndpoint {
  static final String PATH = "/probe";

  private ProbeEndpoint() {}

  /**
   * The handler for {@code /probe}; registers the probe counters in {@code registry} when probing
   * is on.
   *
   * @throws UsageException the probe configuration file cannot be used (exit 2)
   */
  static HttpHandler create(Config config, CollectorRegistry registry) throws UsageException {
    ProbeConfig probe = config.probe();
    if (probe == null) {
      return ex ->
          Responses.text(ex, 404, "Probing is off: start the exporter with --probe.config.file.\n");
    }
    ProbeConfigFile.Settings settings = ProbeConfigFile.read(probe.file());
    for (ProbeModule m : settings.modules().values()) {
      if (m.access().insecure()) {
        Log.warn(
            "probe module "
                + m.name()
                + " has tls.insecure_skip_verify: its targets' certificates are NOT verified");
      }
    }
    ProbeStats stats = new ProbeStats(probe.maxConcurrent());
    stats.register(registry);
    Log.info(
        "probe endpoint on",
        "path",
        PATH,
        "modules",
        String.join(",", settings.modules().keySet().stream().sorted().toList()),
        "allowed_targets",
        String.join(",", settings.allowed().written()),
        "max_concurrent",
        probe.maxConcurrent());
    return new ProbeHandler(
        settings,
        probe.maxConcurrent(),
        config.apache().statusMaxBytes(),
        config.compat(),
        stats,
        Executors.newFixedThreadPool(2, DaemonThreads.named("probe-client")));
  }
}
