package io.mpmexporter.metrics;

import io.mpmexporter.apache.ManagedDomain;
import io.mpmexporter.apache.ManagedDomains;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.GaugeMetricFamily;
import java.time.ZoneOffset;
import java.util.List;

/**
 * mod_md's certificates: counts by state, and per domain its state, the certificate's last day, and
 * whether its renewal fails. Absent when the status page has no mod_md block.
 */
final class ManagedDomainMetrics {
  /** mod_md's states, each a series per domain (one of them 1). */
  private static final List<String> STATES =
      List.of("good", "expired", "error", "missing_information", "incomplete", "unknown");

  private ManagedDomainMetrics() {}

  /**
   * @param pageMillis when the page was read: the renewal's planned time is printed relative to it
   */
  static void add(ManagedDomains md, long pageMillis, List<MetricFamilySamples> out) {
    if (md == null) {
      return;
    }
    out.add(
        ApacheCollector.gauge(
            "apache_md_domains", "Domains mod_md manages (ManagedCertificatesTotal).", md.total()));
    GaugeMetricFamily certs =
        new GaugeMetricFamily(
            "apache_md_certificates",
            "mod_md's certificates by state: ok, renewing, errored (renewal failed), ready (renewed,"
                + " waiting for a graceful restart).",
            List.of("state"));
    certs.addMetric(List.of("ok"), md.ok());
    certs.addMetric(List.of("renewing"), md.renewing());
    certs.addMetric(List.of("errored"), md.errored());
    certs.addMetric(List.of("ready"), md.ready());
    out.add(certs);
    GaugeMetricFamily state =
        new GaugeMetricFamily(
            "apache_md_domain_state",
            "1 for the state mod_md gives the domain (good, expired, error, missing_information,"
                + " incomplete).",
            List.of("domain", "state"));
    GaugeMetricFamily expiry =
        new GaugeMetricFamily(
            "apache_md_certificate_expiry_timestamp_seconds",
            "Start of the last day the domain's certificate is valid (ValidUntil, UTC).",
            List.of("domain"));
    GaugeMetricFamily failed =
        new GaugeMetricFamily(
            "apache_md_renewal_failed",
            "1 if the domain's last renewal attempt failed (the reason is on the status page and"
                + " in Apache's error log).",
            List.of("domain"));
    GaugeMetricFamily retries =
        new GaugeMetricFamily(
            "apache_md_renewal_retries",
            "Failed renewal attempts of the domain in a row.",
            List.of("domain"));
    GaugeMetricFamily next =
        new GaugeMetricFamily(
            "apache_md_next_renewal_timestamp_seconds",
            "When mod_md plans to renew the domain's certificate.",
            List.of("domain"));
    for (ManagedDomain d : md.domains()) {
      List<String> domain = List.of(d.name());
      String now = d.state();
      for (String s : STATES) {
        state.addMetric(List.of(d.name(), s), s.equals(now) ? 1 : 0);
      }
      if (d.validUntil() != null) {
        expiry.addMetric(domain, d.validUntil().atStartOfDay().toEpochSecond(ZoneOffset.UTC));
      }
      failed.addMetric(domain, d.renewalError() != null ? 1 : 0);
      retries.addMetric(domain, d.retries());
      if (d.renewInSeconds() != null) {
        next.addMetric(domain, pageMillis / 1000.0 + d.renewInSeconds());
      }
    }
    out.add(state);
    out.add(expiry);
    out.add(failed);
    out.add(retries);
    out.add(next);
  }
}
