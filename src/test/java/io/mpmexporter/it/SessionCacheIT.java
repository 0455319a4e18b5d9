package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Apache with mod_ssl and its shmcb session cache: the cache's metrics are there, and
 * resumed TLS handshakes move the hit counter.
 */
class SessionCacheIT {
  private static final String HITS = "apache_tls_session_cache_retrievals_total{result=\"hit\"}";

  @TempDir Path tmp;

  @Test
  void resumedHandshakesCountAsCacheHits() throws Exception {
    Path openssl = Tools.require("openssl", "openssl");
    int tlsPort = ApacheInstance.freePort();
    Path cert = Tools.selfSigned(tmp, "server", "/CN=127.0.0.1");
    Path key = tmp.resolve("server.key");
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      apache.a2("a2enmod", "-q", "ssl");
      // Tickets off: TLS 1.2 resumption then goes through the server's session cache.
      apache.addConf(
          "tls",
          "SSLSessionTickets off\nListen 127.0.0.1:"
              + tlsPort
              + "\n<VirtualHost 127.0.0.1:"
              + tlsPort
              + ">\n  SSLEngine on\n  SSLCertificateFile "
              + cert
              + "\n  SSLCertificateKeyFile "
              + key
              + "\n</VirtualHost>\n");
      apache.start();
      try (ExporterProcess exporter =
          ExporterProcess.start(
              tmp,
              apache.env(),
              "--apache.status-url=" + apache.statusUrl(),
              "--apache.ctl=apache2ctl")) {
        Map<String, Double> before =
            exporter.await(
                "the TLS session cache", Duration.ofSeconds(15), m -> m.containsKey(HITS));
        assertThat(before)
            .containsEntry("apache_tls_session_cache_info{type=\"SHMCB\"}", 1.0)
            .containsKeys(
                "apache_tls_session_cache_shared_memory_bytes",
                "apache_tls_session_cache_entries",
                "apache_tls_session_cache_usage_ratio",
                "apache_tls_session_cache_stores_total",
                "apache_tls_session_cache_discards_total",
                "apache_tls_session_cache_retrievals_total{result=\"miss\"}");

        String out = resumeFiveTimes(openssl, tlsPort);
        assertThat(out.split("Reused, TLSv1.2", -1)).as(out).hasSize(6);

        double hits = before.get(HITS);
        Map<String, Double> after =
            exporter.await(
                "5 more cache hits", Duration.ofSeconds(15), m -> m.get(HITS) >= hits + 5);
        assertThat(after.get("apache_tls_session_cache_stores_total"))
            .isGreaterThan(before.get("apache_tls_session_cache_stores_total"));
        assertThat(after.get("apache_tls_session_cache_entries")).isGreaterThanOrEqualTo(1);
      }
    }
  }

  /**
   * One full TLS 1.2 handshake, then five that resume its session ({@code s_client -reconnect}).
   */
  private static String resumeFiveTimes(Path openssl, int port) throws Exception {
    Process p =
        new ProcessBuilder(
                openssl.toString(),
                "s_client",
                "-connect",
                "127.0.0.1:" + port,
                "-tls1_2",
                "-reconnect")
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return out;
  }
}
