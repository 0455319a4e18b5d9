package io.mpmexporter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the admin API refuses at start, and TLS with real PEM files and real clients. */
class AdminStartupIT {
  @TempDir Path tmp;

  @Test
  void aTokenFileOthersCanReadIsRefused() throws Exception {
    Path token = AdminClient.tokenFile(tmp);
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
    CommandLineIT.Run r =
        CommandLineIT.java("--admin.token-file=" + token, "--web.listen-address=127.0.0.1:0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains("--admin.token-file", "chmod 600");
  }

  @Test
  void aShortTokenIsRefusedAndNotPrinted() throws Exception {
    Path token = tmp.resolve("short");
    Files.writeString(token, "hunter2-hunter2\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    CommandLineIT.Run r =
        CommandLineIT.java("--admin.token-file=" + token, "--web.listen-address=127.0.0.1:0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains("fewer than 256").doesNotContain("hunter2");
  }

  @Test
  void aNonLoopbackAddressWithoutTlsIsRefused() throws Exception {
    Path token = AdminClient.tokenFile(tmp);
    CommandLineIT.Run r =
        CommandLineIT.java(
            "--admin.token-file=" + token,
            "--admin.listen-address=0.0.0.0:0",
            "--web.listen-address=127.0.0.1:0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains("--admin.listen-address", "not a loopback address");
  }

  @Test
  void aPkcs1KeyIsRefusedWithTheConversionCommand() throws Exception {
    Path token = AdminClient.tokenFile(tmp);
    openssl("genrsa", "-traditional", "-out", tmp.resolve("rsa.pem").toString(), "2048");
    openssl(
        "req",
        "-x509",
        "-key",
        tmp.resolve("rsa.pem").toString(),
        "-out",
        tmp.resolve("c.pem").toString(),
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1");
    CommandLineIT.Run r =
        CommandLineIT.java(
            "--admin.token-file=" + token,
            "--admin.tls-cert-file=" + tmp.resolve("c.pem"),
            "--admin.tls-key-file=" + tmp.resolve("rsa.pem"),
            "--web.listen-address=127.0.0.1:0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains("openssl pkcs8 -topk8");
  }

  @Test
  void tlsServesTheApiToClientsThatTrustTheCertificateOnly() throws Exception {
    Path cert = Tools.selfSignedEc(tmp, "admin", "/CN=127.0.0.1");
    Path key = tmp.resolve("admin.key");
    try (ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event")) {
      apache.start();
      Path token = AdminClient.tokenFile(tmp);
      int port = ApacheInstance.freePort();
      try (ExporterProcess exporter =
          ExporterProcess.watching(
              tmp,
              apache,
              apache.statusUrl(),
              "--admin.token-file=" + token,
              "--admin.listen-address=127.0.0.1:" + port,
              "--admin.tls-cert-file=" + cert,
              "--admin.tls-key-file=" + key)) {
        String t = Files.readString(token).strip();
        AdminClient trusting = new AdminClient("https", port, t, trusting(cert));
        HttpResponse<String> r = trusting.get();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"running\":\"event\"");
        // A client with the default trust store refuses the self-signed certificate.
        AdminClient defaultTrust = new AdminClient("https", port, t, SSLContext.getDefault());
        assertThatThrownBy(defaultTrust::get).isInstanceOf(IOException.class);
        // Plain HTTP on the TLS port gets no answer from the API.
        AdminClient plain = new AdminClient("http", port, t, null);
        assertThatThrownBy(plain::get).isInstanceOf(IOException.class);
        // curl, as an operator would call it.
        String out =
            Tools.output(
                20,
                "curl",
                "-s",
                "--cacert",
                cert.toString(),
                "-H",
                "Authorization: Bearer " + t,
                "https://127.0.0.1:" + port + "/admin/mpm");
        assertThat(out).contains("\"allowed\":[\"event\",\"worker\",\"prefork\"]");
        assertThat(exporter.log()).doesNotContain(t);
      }
    }
  }

  private static SSLContext trusting(Path cert) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      ks.setCertificateEntry(
          "admin", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static void openssl(String... args) throws Exception {
    Tools.require("openssl", "openssl");
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Tools.outputOk(cmd.toArray(new String[0]));
  }
}
