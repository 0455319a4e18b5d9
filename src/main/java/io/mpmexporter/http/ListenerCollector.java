package io.mpmexporter.http;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exporter's own HTTP listeners under load: threads busy now and connections turned away
 * because every thread was busy (see {@link ListenerPool}).
 */
public final class ListenerCollector extends Collector {
  private final List<ListenerPool> pools;

  /**
   * @param pools the metrics listener's pool and, when the admin API is on, its pool
   */
  public ListenerCollector(List<ListenerPool> pools) {
    this.pools = List.copyOf(pools);
  }

  @Override
  public List<MetricFamilySamples> collect() {
    GaugeMetricFamily busy =
        new GaugeMetricFamily(
            "apache_exporter_http_busy_threads",
            "Threads of this exporter's HTTP listener serving a connection now (reading, handling"
                + " or writing); at apache_exporter_http_max_threads new connections are turned"
                + " away.",
            List.of("listener"));
    GaugeMetricFamily max =
        new GaugeMetricFamily(
            "apache_exporter_http_max_threads",
            "Connections this exporter's HTTP listener serves at once.",
            List.of("listener"));
    CounterMetricFamily rejected =
        new CounterMetricFamily(
            "apache_exporter_http_rejected_total",
            "Connections turned away because every thread of the listener was busy:"
                + " response=\"503\" answered Busy, response=\"none\" closed unanswered.",
            List.of("listener", "response"));
    Map<String, long[]> byName = new LinkedHashMap<>();
    for (ListenerPool pool : pools) {
      long[] sums = byName.computeIfAbsent(pool.name(), n -> new long[4]);
      sums[0] += pool.busy();
      sums[1] += pool.max();
      sums[2] += pool.shed();
      sums[3] += pool.dropped();
    }
    byName.forEach(
        (name, sums) -> {
          busy.addMetric(List.of(name), sums[0]);
          max.addMetric(List.of(name), sums[1]);
          rejected.addMetric(List.of(name, "503"), sums[2]);
          rejected.addMetric(List.of(name, "none"), sums[3]);
        });
    return List.of(busy, max, rejected);
  }
}
