package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --web.config.file in the exporter-toolkit format (TLS + basic auth with an htpasswd bcrypt hash)
 * on a live exporter, with real clients: curl and Debian's Prometheus.
 */
class WebConfigIT {
  @TempDir Path tmp;

  /** The HTTP status code curl got, "000" when it got no answer. */
  private static String code(String... curlArgs) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}"));
    cmd.addAll(List.of(curlArgs));
    return Tools.output(cmd.toArray(new String[0]));
  }

  @Test
  void tlsAndBasicAuthForCurlAndPrometheus() throws Exception {
    Tools.require("openssl", "openssl");
    Tools.require("htpasswd", "apache2-utils");
    Path cert = Tools.selfSigned(tmp, "cert", "/CN=127.0.0.1");
    String line = Tools.outputOk("htpasswd", "-nbB", "-C", "6", "prometheus", "s3cret").strip();
    String hash = line.substring(line.indexOf(':') + 1);
    Path config = tmp.resolve("web.yml");
    Files.writeString(
        config,
        "tls_server_config:\n  cert_file: cert.pem\n  key_file: cert.key\n"
            + "basic_auth_users:\n  prometheus: '"
            + hash
            + "'\n");
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      apache.start();
      int port = ApacheInstance.freePort();
      List<String> cmd = Tools.exporterCommand(List.of(), "--web.listen-address=127.0.0.1:" + port);
      cmd.add("--web.config.file=" + config);
      cmd.add("--apache.status-url=" + apache.statusUrl());
      cmd.add("--apache.ctl=apache2ctl");
      Path probe = tmp.resolve("probe.yml");
      Files.writeString(probe, "allowed_targets: ['127.0.0.1:" + apache.port() + "']\n");
      cmd.add("--probe.config.file=" + probe);
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("e.log").toFile());
      pb.environment().putAll(apache.env());
      Process exporter = pb.start();
      try {
        String url = "https://127.0.0.1:" + port + "/metrics";
        String code = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && !code.equals("200")) {
          code = code("--cacert", cert.toString(), "-u", "prometheus:s3cret", url);
          Thread.sleep(100);
        }
        assertThat(code).as(Files.readString(tmp.resolve("e.log"))).isEqualTo("200");
        assertThat(
                Tools.output(
                    "curl", "-s", "--cacert", cert.toString(), "-u", "prometheus:s3cret", url))
            .contains("apache_up 1.0");
        assertThat(code("--cacert", cert.toString(), "-u", "prometheus:wrong", url))
            .isEqualTo("401");
        assertThat(code("--cacert", cert.toString(), url)).isEqualTo("401");
        assertThat(code("--cacert", cert.toString(), "https://127.0.0.1:" + port + "/-/healthy"))
            .as("every path is behind the auth")
            .isEqualTo("401");
        String probeUrl = "https://127.0.0.1:" + port + "/probe?target=127.0.0.1:" + apache.port();
        assertThat(code("--cacert", cert.toString(), probeUrl)).as("/probe too").isEqualTo("401");
        assertThat(
                Tools.output(
                    "curl", "-s", "--cacert", cert.toString(), "-u", "prometheus:s3cret", probeUrl))
            .contains("apache_up 1.0");
        assertThat(code("http://127.0.0.1:" + port + "/metrics"))
            .as("plain HTTP on the TLS port")
            .isNotEqualTo("200");
        // Prometheus scrapes it with its own TLS and basic-auth settings.
        try (PrometheusServer prometheus =
            PrometheusServer.start(
                tmp.resolve("prometheus"),
                "apache",
                "127.0.0.1:" + port,
                List.of(),
                "    scheme: https\n"
                    + "    tls_config: {ca_file: '"
                    + cert
                    + "'}\n"
                    + "    basic_auth: {username: prometheus, password: s3cret}\n")) {
          long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          List<Object> up = List.of();
          while (System.nanoTime() < until && up.isEmpty()) {
            up = prometheus.query("apache_up{job=\"apache\"} == 1");
            Thread.sleep(250);
          }
          assertThat(up).as(prometheus.log()).hasSize(1);
        }
      } finally {
        Tools.stop(exporter, 10);
      }
    }
  }
}
