package io.mpmexporter.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** A client of the admin API, the way curl or an automation would call it. */
final class AdminClient {
  private final String base;
  private final int port;
  private final String token;
  private final HttpClient http;

  AdminClient(String scheme, int port, String token, SSLContext tls) {
    this.base = scheme + "://127.0.0.1:" + port;
    this.port = port;
    this.token = token;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
    if (tls != null) {
      b.sslContext(tls);
    }
    this.http = b.build();
  }

  AdminClient(int port, String token) {
    this("http", port, token, null);
  }

  int port() {
    return port;
  }

  /** Writes a fresh random token file with mode 0600. */
  static Path tokenFile(Path dir) throws Exception {
    Path f = dir.resolve("admin.token");
    byte[] random = new byte[32];
    new java.security.SecureRandom().nextBytes(random);
    Files.writeString(f, java.util.HexFormat.of().formatHex(random) + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  String token() {
    return token;
  }

  HttpResponse<String> get() throws Exception {
    return send(request("/admin/mpm").header("Authorization", "Bearer " + token).GET());
  }

  /** POST with the token and application/json. */
  HttpResponse<String> post(String json) throws Exception {
    return send(
        request("/admin/mpm")
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
  }

  /** A request builder for a path (with query) on the admin listener; nothing set yet. */
  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(60));
  }

  HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, Object> json(HttpResponse<String> r) throws java.io.IOException {
    return TestJson.object(r.body());
  }
}
