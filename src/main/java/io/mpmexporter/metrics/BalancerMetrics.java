package io.mpmexporter.metrics;

import io.mpmexporter.apache.BalancerMember;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Proxy balancer members ({@code ProxyStatus On}) as metrics: ours in base units, and under {@code
 * --compat.apache-exporter} the Go apache_exporter's five {@code apache_proxy_balancer_*} names.
 * Built from each page, so a member that left the page has no series. A (balancer, member) pair
 * seen twice (names cut to the label cap can meet) is emitted once: a duplicate series would fail
 * the whole scrape.
 */
final class BalancerMetrics {
  private static final List<String> OURS = List.of("balancer", "member");
  private static final List<String> THEIRS = List.of("balancer", "worker");

  private BalancerMetrics() {}

  static void add(List<BalancerMember> all, boolean compat, List<MetricFamilySamples> out) {
    List<BalancerMember> members = distinct(all);
    if (members.isEmpty()) {
      return;
    }
    GaugeMetricFamily status =
        new GaugeMetricFamily(
            "apache_proxy_balancer_member_status",
            "1 for each state a proxy balancer member is in (mod_proxy's flags; ok = usable), 0 for"
                + " the others. err: in error, dis: disabled, stop: stopped, drn: draining, stby: hot"
                + " standby, hcfl: health check failed.",
            List.of("balancer", "member", "state"));
    for (BalancerMember m : members) {
      List<String> states = m.states();
      for (String state : BalancerMember.STATES) {
        status.addMetric(List.of(m.balancer(), m.member(), state), states.contains(state) ? 1 : 0);
      }
    }
    out.add(status);
    out.add(
        counter(
            "apache_proxy_balancer_member_elected_total",
            "Requests the balancer sent to this member since Apache started.",
            OURS,
            members,
            BalancerMember::elected,
            1));
    out.add(
        gauge(
            "apache_proxy_balancer_member_busy",
            "Requests in flight to this member now.",
            OURS,
            members,
            BalancerMember::busy));
    out.add(
        counter(
            "apache_proxy_balancer_member_sent_bytes_total",
            "Bytes sent to this member, at kilobyte resolution.",
            OURS,
            members,
            BalancerMember::sentKib,
            1024));
    out.add(
        counter(
            "apache_proxy_balancer_member_received_bytes_total",
            "Bytes received from this member, at kilobyte resolution.",
            OURS,
            members,
            BalancerMember::receivedKib,
            1024));
    if (compat) {
      compat(members, out);
    }
  }

  /** The Go apache_exporter's names, labels and units. */
  private static void compat(List<BalancerMember> members, List<MetricFamilySamples> out) {
    GaugeMetricFamily status =
        new GaugeMetricFamily(
            "apache_proxy_balancer_status",
            "Apache Proxy Balancer Statuses (compat).",
            List.of("balancer", "worker", "status"));
    members.forEach(m -> status.addMetric(List.of(m.balancer(), m.member(), m.status()), 1));
    out.add(status);
    out.add(
        counter(
            "apache_proxy_balancer_accesses_total",
            "Apache Proxy Balancer Request Count (compat).",
            THEIRS,
            members,
            BalancerMember::elected,
            1));
    out.add(
        gauge(
            "apache_proxy_balancer_busy",
            "Apache Proxy Balancer Active Requests (compat).",
            THEIRS,
            members,
            BalancerMember::busy));
    out.add(
        counter(
            "apache_proxy_balancer_request_kbytes_total",
            "Kilobytes sent to the member (compat).",
            THEIRS,
            members,
            BalancerMember::sentKib,
            1));
    out.add(
        counter(
            "apache_proxy_balancer_response_kbytes_total",
            "Kilobytes received from the member (compat).",
            THEIRS,
            members,
            BalancerMember::receivedKib,
            1));
  }

  private static List<BalancerMember> distinct(List<BalancerMember> members) {
    Set<List<String>> seen = new HashSet<>();
    return members.stream().filter(m -> seen.add(List.of(m.balancer(), m.member()))).toList();
  }

  private static CounterMetricFamily counter(
      String name,
      String help,
      List<String> labels,
      List<BalancerMember> members,
      ToDoubleFunction<BalancerMember> value,
      double scale) {
    CounterMetricFamily c = new CounterMetricFamily(name, help, labels);
    for (BalancerMember m : members) {
      double v = value.applyAsDouble(m);
      if (!Double.isNaN(v)) {
        c.addMetric(List.of(m.balancer(), m.member()), v * scale);
      }
    }
    return c;
  }

  private static GaugeMetricFamily gauge(
      String name,
      String help,
      List<String> labels,
      List<BalancerMember> members,
      ToDoubleFunction<BalancerMember> value) {
    GaugeMetricFamily g = new GaugeMetricFamily(name, help, labels);
    for (BalancerMember m : members) {
      double v = value.applyAsDouble(m);
      if (!Double.isNaN(v)) {
        g.addMetric(List.of(m.balancer(), m.member()), v);
      }
    }
    return g;
  }
}
