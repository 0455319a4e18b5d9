package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Apache whose status page is protected three ways — a client certificate (mTLS), Basic
 * auth, a header and Host rule — scraped with the access flags; a wrong certificate or password is
 * {@code apache_up 0} with its own reason.
 */
class StatusAccessIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String PASSWORD = "open-sesame-" + System.nanoTime();

  @TempDir static Path tmp;
  private static ApacheInstance apache;
  private static int tlsPort;
  private static Path pki;

  @BeforeAll
  static void start() throws Exception {
    Path openssl = Tools.require("openssl", "openssl");
    pki = Files.createDirectories(tmp.resolve("pki"));
    String o = openssl.toString();
    // A CA, the server's certificate for 127.0.0.1, a client certificate from the CA, and a
    // stranger's self-signed one.
    Tools.selfSigned(pki, "ca", "/CN=test CA");
    issue(o, "server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1");
    issue(o, "client", "/CN=exporter", "extendedKeyUsage=clientAuth");
    Tools.selfSigned(pki, "stranger", "/CN=stranger");
    Tools.htpasswd(pki.resolve("htpasswd"), "scraper", PASSWORD);

    apache = ApacheInstance.create(tmp.resolve("apache"), "event");
    apache.a2("a2enmod", "-q", "ssl");
    tlsPort = ApacheInstance.freePort();
    apache.addConf(
        "access",
        String.join(
            "\n",
            "Listen 127.0.0.1:" + tlsPort,
            "<VirtualHost 127.0.0.1:" + tlsPort + ">",
            "  SSLEngine on",
            "  SSLCertificateFile " + f("server.pem"),
            "  SSLCertificateKeyFile " + f("server.key"),
            "  SSLCACertificateFile " + f("ca.pem"),
            "  SSLVerifyClient require",
            "  SSLVerifyDepth 1",
            "</VirtualHost>",
            ApacheInstance.protectedStatusPages(pki.resolve("htpasswd"), "status.internal")));
    apache.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (apache != null) {
      apache.close();
    }
  }

  private static String f(String name) {
    return pki.resolve(name).toString();
  }

  private static void issue(String openssl, String name, String subject, String ext)
      throws Exception {
    Tools.outputOk(
        openssl,
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        subject,
        "-keyout",
        f(name + ".key"),
        "-out",
        f(name + ".csr"));
    Files.writeString(pki.resolve(name + ".ext"), ext + "\n");
    Tools.outputOk(
        openssl,
        "x509",
        "-req",
        "-in",
        f(name + ".csr"),
        "-CA",
        f("ca.pem"),
        "-CAkey",
        f("ca.key"),
        "-CAcreateserial",
        "-days",
        "1",
        "-extfile",
        f(name + ".ext"),
        "-out",
        f(name + ".pem"));
  }

  private String tlsUrl() {
    return "--apache.status-url=https://127.0.0.1:" + tlsPort + "/server-status?auto";
  }

  private String plainUrl(String path) {
    return "--apache.status-url=http://127.0.0.1:" + apache.port() + path + "?auto";
  }

  /** Runs an exporter with these flags until {@code condition} holds on its metrics. */
  private Map<String, Double> scrape(
      String what, Predicate<Map<String, Double>> condition, String... flags) throws Exception {
    List<String> all = new ArrayList<>(List.of("--apache.ctl=", "--poll.interval=200ms"));
    all.addAll(List.of(flags));
    Path dir = Files.createTempDirectory(tmp, "exporter");
    try (ExporterProcess e = ExporterProcess.start(dir, Map.of(), all.toArray(new String[0]))) {
      Map<String, Double> m = e.await(what, WAIT, condition);
      assertThat(e.log()).doesNotContain(PASSWORD);
      return m;
    }
  }

  private static Predicate<Map<String, Double>> up() {
    return m -> Double.valueOf(1.0).equals(m.get("apache_up"));
  }

  private static Predicate<Map<String, Double>> failing(String reason) {
    return m ->
        Double.valueOf(0.0).equals(m.get("apache_up"))
            && m.getOrDefault(
                    "apache_exporter_poll_errors_total{source=\"status\",reason=\""
                        + reason
                        + "\"}",
                    0.0)
                >= 1;
  }

  @Test
  void aClientCertificateFromTheCaIsAccepted() throws Exception {
    Map<String, Double> m =
        scrape(
            "mTLS scrape",
            up(),
            tlsUrl(),
            "--apache.ca-file=" + f("ca.pem"),
            "--apache.client-cert-file=" + f("client.pem"),
            "--apache.client-key-file=" + f("client.key"));
    assertThat(m).containsEntry("apache_mpm_running{mpm=\"event\"}", 1.0);
  }

  @Test
  void aStrangersCertificateOrNoneIsATlsFailure() throws Exception {
    scrape(
        "stranger refused",
        failing("tls"),
        tlsUrl(),
        "--apache.ca-file=" + f("ca.pem"),
        "--apache.client-cert-file=" + f("stranger.pem"),
        "--apache.client-key-file=" + f("stranger.key"));
    scrape("no certificate refused", failing("tls"), tlsUrl(), "--apache.ca-file=" + f("ca.pem"));
  }

  @Test
  void aServerCertificateOutsideTheTrustStoreIsATlsFailureUnlessInsecure() throws Exception {
    scrape(
        "untrusted server",
        failing("tls"),
        tlsUrl(),
        "--apache.client-cert-file=" + f("client.pem"),
        "--apache.client-key-file=" + f("client.key"));
    scrape(
        "insecure scrape",
        up(),
        tlsUrl(),
        "--apache.insecure",
        "--apache.client-cert-file=" + f("client.pem"),
        "--apache.client-key-file=" + f("client.key"));
  }

  @Test
  void basicAuthFromAPasswordFile() throws Exception {
    Path right = tmp.resolve("right.pass");
    Files.writeString(right, PASSWORD + "\n");
    Files.setPosixFilePermissions(right, PosixFilePermissions.fromString("rw-------"));
    scrape(
        "basic auth scrape",
        up(),
        plainUrl("/status-basic"),
        "--apache.username=scraper",
        "--apache.password-file=" + right);
    Path wrong = tmp.resolve("wrong.pass");
    Files.writeString(wrong, "not-it\n");
    Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
    scrape(
        "wrong password",
        failing("auth"),
        plainUrl("/status-basic"),
        "--apache.username=scraper",
        "--apache.password-file=" + wrong);
  }

  @Test
  void aHeaderAndAHostOverride() throws Exception {
    scrape(
        "header scrape",
        up(),
        plainUrl("/status-header"),
        "--apache.header=X-Status-Token: sesame",
        "--apache.host-override=status.internal");
    scrape(
        "without the header",
        failing("auth"),
        plainUrl("/status-header"),
        "--apache.host-override=status.internal");
  }
}
