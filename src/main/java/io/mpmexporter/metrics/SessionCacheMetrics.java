package io.mpmexporter.metrics;

import io.mpmexporter.apache.SessionCache;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import java.util.OptionalDouble;

/** mod_ssl's TLS session cache ({@code TLSSessionCacheStatus} block) as metrics. */
final class SessionCacheMetrics {
  private static final String P = "apache_tls_session_cache_";

  private SessionCacheMetrics() {}

  static void add(SessionCache cache, List<MetricFamilySamples> out) {
    if (cache == null) {
      return;
    }
    GaugeMetricFamily info =
        new GaugeMetricFamily(
            P + "info", "The TLS session cache provider (SSLSessionCache).", List.of("type"));
    info.addMetric(List.of(cache.type() == null ? "unknown" : cache.type()), 1);
    out.add(info);
    gauge(out, cache, "CacheSharedMemory", "shared_memory_bytes", "Size of the cache.", 1);
    gauge(out, cache, "CacheCurrentEntries", "entries", "Sessions in the cache now.", 1);
    gauge(out, cache, "CacheUsage", "usage_ratio", "Share of the cache's data space in use.", 0.01);
    gauge(
        out,
        cache,
        "CacheIndexUsage",
        "index_usage_ratio",
        "Share of the cache's index slots in use.",
        0.01);
    counter(out, cache, "CacheStoreCount", "stores_total", "Sessions stored.");
    counter(out, cache, "CacheReplaceCount", "replaces_total", "Sessions replaced by a newer one.");
    counter(
        out, cache, "CacheExpireCount", "expiries_total", "Sessions removed when they expired.");
    counter(
        out,
        cache,
        "CacheDiscardCount",
        "discards_total",
        "Sessions pushed out before expiry to make room: a cache too small for the traffic.");
    twoWay(
        out,
        cache,
        "retrievals_total",
        "Session lookups (resumption attempts) by result.",
        "CacheRetrieveHitCount",
        "CacheRetrieveMissCount");
    twoWay(
        out,
        cache,
        "removals_total",
        "Session removals by result.",
        "CacheRemoveHitCount",
        "CacheRemoveMissCount");
  }

  private static void gauge(
      List<MetricFamilySamples> out,
      SessionCache cache,
      String key,
      String name,
      String help,
      double scale) {
    OptionalDouble v = cache.get(key);
    if (v.isPresent()) {
      out.add(new GaugeMetricFamily(P + name, help, v.getAsDouble() * scale));
    }
  }

  private static void counter(
      List<MetricFamilySamples> out, SessionCache cache, String key, String name, String help) {
    OptionalDouble v = cache.get(key);
    if (v.isPresent()) {
      out.add(new CounterMetricFamily(P + name, help, v.getAsDouble()));
    }
  }

  private static void twoWay(
      List<MetricFamilySamples> out,
      SessionCache cache,
      String name,
      String help,
      String hitKey,
      String missKey) {
    CounterMetricFamily c = new CounterMetricFamily(P + name, help, List.of("result"));
    cache.get(hitKey).ifPresent(v -> c.addMetric(List.of("hit"), v));
    cache.get(missKey).ifPresent(v -> c.addMetric(List.of("miss"), v));
    if (!c.samples.isEmpty()) {
      out.add(c);
    }
  }
}
