package io.mpmexporter.http;

import io.mpmexporter.config.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the exporter-toolkit web configuration file (the one node_exporter and apache_exporter take
 * with --web.config.file): {@code tls_server_config} ({@code cert_file}, {@code key_file}, {@code
 * min_version}) and {@code basic_auth_users} (bcrypt hashes, as {@code htpasswd -nBC 10 user}
 * prints them). Paths are relative to the file. A key this exporter does not implement is an error,
 * never silently ignored: a client-certificate setting that did nothing would be a hole.
 */
public final class WebConfigParser {
  private static final String FLAG = "--web.config.file";
  private static final StrictYaml YAML = new StrictYaml(FLAG);
  private static final Set<String> TOP = Set.of("tls_server_config", "basic_auth_users");
  private static final Set<String> TLS = Set.of("cert_file", "key_file", "min_version");
  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
  private static final Map<String, String> VERSIONS =
      Map.of("TLS12", "TLSv1.2", "TLS13", "TLSv1.3");

  private WebConfigParser() {}

  public static WebConfig read(Path file) throws UsageException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException(FLAG + ": cannot read " + file + ": " + e.getMessage());
    }
    return parse(text, file.toAbsolutePath().getParent());
  }

  static WebConfig parse(String text, Path base) throws UsageException {
    Object doc = YAML.load(text);
    if (doc == null) {
      return new WebConfig(null, null, "TLSv1.2", Map.of());
    }
    Map<String, Object> top = YAML.map(doc, "the file");
    YAML.knownKeys(top, TOP, "");
    Path cert = null;
    Path key = null;
    String min = "TLSv1.2";
    if (top.get("tls_server_config") != null) {
      Map<String, Object> tls = YAML.map(top.get("tls_server_config"), "tls_server_config");
      YAML.knownKeys(tls, TLS, "tls_server_config.");
      cert = StrictYaml.path(base, tls.get("cert_file"));
      key = StrictYaml.path(base, tls.get("key_file"));
      if (cert == null || key == null) {
        throw new UsageException(FLAG + ": tls_server_config needs both cert_file and key_file");
      }
      if (tls.get("min_version") != null) {
        min = VERSIONS.get(String.valueOf(tls.get("min_version")));
        if (min == null) {
          throw new UsageException(FLAG + ": tls_server_config.min_version must be TLS12 or TLS13");
        }
      }
    }
    Map<String, String> users = new LinkedHashMap<>();
    if (top.get("basic_auth_users") != null) {
      for (Map.Entry<String, Object> e :
          YAML.map(top.get("basic_auth_users"), "basic_auth_users").entrySet()) {
        String hash = String.valueOf(e.getValue());
        if (!BCRYPT.matcher(hash).matches()) {
          throw new UsageException(
              FLAG
                  + ": basic_auth_users."
                  + e.getKey()
                  + " is not a bcrypt hash (make one with: htpasswd -nBC 10 "
                  + e.getKey()
                  + ")");
        }
        if (e.getKey().contains(":")) {
          throw new UsageException(FLAG + ": a user name cannot contain ':'");
        }
        users.put(e.getKey(), hash);
      }
    }
    return new WebConfig(cert, key, min, users);
  }
}
