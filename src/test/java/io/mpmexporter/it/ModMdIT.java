package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mod_md on a real private Apache (no ACME server is reachable: its CA URL is a closed local port):
 * a domain with a static certificate valid 20 days and one whose renewal fails, seen through the
 * exporter's metrics.
 */
class ModMdIT {
  @TempDir Path tmp;

  @Test
  void managedCertificatesTheirLastDayAndAFailingRenewal() throws Exception {
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      Path cert =
          Tools.selfSigned(tmp, "md", "/CN=static.example.test", 20, "DNS:static.example.test");
      apache.a2("a2enmod", "-q", "md", "ssl");
      int tls1 = ApacheInstance.freePort();
      int tls2 = ApacheInstance.freePort();
      apache.addConf(
          "md",
          String.join(
              "\n",
              "MDServerStatus on",
              "MDCertificateAgreement accepted",
              "MDContactEmail admin@example.test",
              "MDCertificateAuthority https://127.0.0.1:9/directory",
              "MDStoreDir " + tmp.resolve("md-store"),
              "MDomain www.example.test",
              "<MDomain static.example.test>",
              "  MDCertificateFile " + cert,
              "  MDCertificateKeyFile " + tmp.resolve("md.key"),
              "</MDomain>",
              "Listen 127.0.0.1:" + tls1,
              "<VirtualHost 127.0.0.1:" + tls1 + ">",
              "  ServerName www.example.test",
              "  SSLEngine on",
              "</VirtualHost>",
              "Listen 127.0.0.1:" + tls2,
              "<VirtualHost 127.0.0.1:" + tls2 + ">",
              "  ServerName static.example.test",
              "  SSLEngine on",
              "</VirtualHost>",
              ""));
      apache.start();
      try (ExporterProcess exporter = ExporterProcess.watching(tmp, apache, apache.statusUrl())) {
        Map<String, Double> m =
            exporter.await(
                "mod_md's failed renewal",
                Duration.ofSeconds(60),
                x ->
                    x.getOrDefault("apache_md_renewal_failed{domain=\"www.example.test\"}", 0.0)
                        == 1.0);
        assertThat(m).containsEntry("apache_md_domains", 2.0);
        assertThat(m.get("apache_md_certificates{state=\"errored\"}")).isGreaterThanOrEqualTo(1.0);
        assertThat(m)
            .containsEntry("apache_md_renewal_failed{domain=\"static.example.test\"}", 0.0);
        double lastDay =
            m.get("apache_md_certificate_expiry_timestamp_seconds{domain=\"static.example.test\"}");
        double days = (lastDay - System.currentTimeMillis() / 1000.0) / 86400;
        System.out.printf("mod_md: static.example.test's certificate: %.1f days left%n", days);
        assertThat(days).as("a 20-day certificate's last day").isBetween(18.9, 20.0);
        assertThat(m)
            .doesNotContainKey(
                "apache_md_certificate_expiry_timestamp_seconds{domain=\"www.example.test\"}");
        // The dashboard's mod_md row has data here (DashboardIT runs without mod_md).
        java.util.regex.Matcher names =
            java.util.regex.Pattern.compile("\\b(" + DashboardIT.MOD_MD + "[a-z0-9_]+)\\b")
                .matcher(java.nio.file.Files.readString(DashboardIT.DASHBOARD));
        java.util.Set<String> served = new java.util.TreeSet<>();
        m.keySet().forEach(k -> served.add(k.split("[{ ]")[0]));
        int n = 0;
        while (names.find()) {
          n++;
          assertThat(served).as("the dashboard's " + names.group(1)).contains(names.group(1));
        }
        assertThat(n).as("mod_md metrics on the dashboard").isPositive();
      }
    }
  }
}
