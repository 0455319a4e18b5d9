package io.mpmexporter.probe;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The probes this exporter answered, on its own {@code /metrics}: how many by outcome, and how many
 * are in flight. Every outcome is present from the start, at 0.
 */
public final class ProbeStats extends Collector {
  /** The target was read: apache_up 1. */
  public static final String UP = "up";

  /** The target was asked and failed: apache_up 0. */
  public static final String DOWN = "down";

  /** Not in allowed_targets: 403, nothing sent. */
  public static final String FORBIDDEN = "forbidden";

  /** A missing or malformed target, an unknown module: 400. */
  public static final String BAD_REQUEST = "bad_request";

  /** Too many probes in flight: 503, nothing sent. */
  public static final String BUSY = "busy";

  static final List<String> OUTCOMES = List.of(UP, DOWN, FORBIDDEN, BAD_REQUEST, BUSY);

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final int maxConcurrent;

  public ProbeStats(int maxConcurrent) {
    this.maxConcurrent = maxConcurrent;
    OUTCOMES.forEach(o -> counts.put(o, new LongAdder()));
  }

  void count(String outcome) {
    counts.get(outcome).increment();
  }

  AtomicInteger inFlight() {
    return inFlight;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    CounterMetricFamily total =
        new CounterMetricFamily(
            "apache_exporter_probes_total",
            "Requests to /probe by outcome: up, down (the target failed), forbidden (not in"
                + " allowed_targets), bad_request, busy.",
            List.of("outcome"));
    OUTCOMES.forEach(o -> total.addMetric(List.of(o), counts.get(o).sum()));
    return List.of(
        total,
        new GaugeMetricFamily(
            "apache_exporter_probes_in_flight", "Probes running now.", inFlight.get()),
        new GaugeMetricFamily(
            "apache_exporter_probes_max_concurrent",
            "Probes allowed in flight at once (--probe.max-concurrent).",
            maxConcurrent));
  }
}
