package io.mpmexporter.probe;

import io.mpmexporter.apache.StatusAccess;
import io.mpmexporter.config.Durations;
import io.mpmexporter.config.FlagTypes;
import io.mpmexporter.config.UsageException;
import io.mpmexporter.http.PasswordFile;
import io.mpmexporter.http.PemTls;
import io.mpmexporter.http.StrictYaml;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Reads {@code --probe.config.file}: {@code modules} (each the same settings as the {@code
 * --apache.*} access flags) and {@code allowed_targets}. TLS files and passwords are loaded here,
 * once, at start: a file that cannot be used stops the exporter with exit 2 naming its key. Paths
 * are relative to the file.
 */
public final class ProbeConfigFile {
  private static final String FLAG = "--probe.config.file";
  private static final StrictYaml YAML = new StrictYaml(FLAG);
  private static final Set<String> TOP = Set.of("modules", "allowed_targets");
  private static final Set<String> MODULE =
      Set.of(
          "scheme",
          "path",
          "timeout",
          "tls",
          "basic_auth",
          "headers",
          "host_override",
          "expected_mpm");
  private static final Set<String> TLS =
      Set.of("ca_file", "cert_file", "key_file", "insecure_skip_verify");
  private static final Set<String> AUTH = Set.of("username", "password_file");
  private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern MPM = Pattern.compile("[a-z][a-z0-9_]{0,31}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]+");
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);

  private ProbeConfigFile() {}

  /** The modules by name and the allowed targets. */
  public record Settings(Map<String, ProbeModule> modules, AllowedTargets allowed) {}

  public static Settings read(Path file) throws UsageException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw YAML.error("cannot read " + file + ": " + e.getMessage());
    }
    return parse(text, file.toAbsolutePath().getParent());
  }

  static Settings parse(String text, Path base) throws UsageException {
    Object doc = YAML.load(text);
    if (doc == null) {
      throw YAML.error("empty; it needs allowed_targets");
    }
    Map<String, Object> top = YAML.map(doc, "the file");
    YAML.knownKeys(top, TOP, "");
    if (top.get("allowed_targets") == null) {
      throw YAML.error(
          "allowed_targets is required: the hosts, CIDR blocks or host:port this exporter may"
              + " probe (anything else is refused with 403)");
    }
    AllowedTargets allowed;
    try {
      allowed = AllowedTargets.of(YAML.strings(top.get("allowed_targets"), "allowed_targets"));
    } catch (IllegalArgumentException e) {
      throw YAML.error("allowed_targets: " + e.getMessage());
    }
    Map<String, ProbeModule> modules = new LinkedHashMap<>();
    if (top.get("modules") == null) {
      modules.put("default", module("default", Map.of(), base));
    } else {
      for (Map.Entry<String, Object> e : YAML.map(top.get("modules"), "modules").entrySet()) {
        if (!MODULE_NAME.matcher(e.getKey()).matches()) {
          throw YAML.error("modules: '" + e.getKey() + "' is not a module name ([A-Za-z0-9_.-])");
        }
        Object body = e.getValue() == null ? Map.of() : e.getValue();
        modules.put(e.getKey(), module(e.getKey(), YAML.map(body, "modules." + e.getKey()), base));
      }
    }
    return new Settings(Map.copyOf(modules), allowed);
  }

  private static ProbeModule module(String name, Map<String, Object> m, Path base)
      throws UsageException {
    String at = "modules." + name + ".";
    YAML.knownKeys(m, MODULE, at);
    String scheme = m.get("scheme") == null ? "http" : YAML.string(m.get("scheme"), at + "scheme");
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw YAML.error(at + "scheme must be http or https");
    }
    String path = path(m.get("path"), at + "path");
    Duration timeout = ProbeModule.DEFAULT_TIMEOUT;
    if (m.get("timeout") != null) {
      timeout = Durations.parse(FLAG + ": " + at + "timeout", YAML.string(m.get("timeout"), at));
      if (timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw YAML.error(at + "timeout must be at most 2m");
      }
    }
    List<String> expected = new ArrayList<>();
    if (m.get("expected_mpm") != null) {
      for (String mpm : YAML.strings(m.get("expected_mpm"), at + "expected_mpm")) {
        if (!MPM.matcher(mpm).matches()) {
          throw YAML.error(at + "expected_mpm: '" + mpm + "' is not an MPM name");
        }
        expected.add(mpm);
      }
    }
    return new ProbeModule(name, scheme, path, timeout, access(m, at, base), expected);
  }

  private static String path(Object value, String at) throws UsageException {
    if (value == null) {
      return ProbeModule.DEFAULT_PATH;
    }
    String path = YAML.string(value, at);
    try {
      URI uri = new URI("http://h" + path);
      if (!path.startsWith("/") || uri.getRawFragment() != null) {
        throw YAML.error(at + " must start with / and have no #fragment");
      }
    } catch (java.net.URISyntaxException e) {
      throw YAML.error(at + " is not a URL path: " + e.getReason());
    }
    return path;
  }

  private static StatusAccess access(Map<String, Object> m, String at, Path base)
      throws UsageException {
    SSLContext tls = null;
    boolean insecure = false;
    if (m.get("tls") != null) {
      Map<String, Object> t = YAML.map(m.get("tls"), at + "tls");
      YAML.knownKeys(t, TLS, at + "tls.");
      Path ca = StrictYaml.path(base, t.get("ca_file"));
      Path cert = StrictYaml.path(base, t.get("cert_file"));
      Path key = StrictYaml.path(base, t.get("key_file"));
      if ((cert == null) != (key == null)) {
        throw YAML.error(at + "tls needs both cert_file and key_file, or neither");
      }
      Object skip = t.get("insecure_skip_verify");
      if (skip != null && !(skip instanceof Boolean)) {
        throw YAML.error(at + "tls.insecure_skip_verify must be true or false");
      }
      insecure = Boolean.TRUE.equals(skip);
      try {
        tls = PemTls.clientContext(ca, cert, key, insecure);
      } catch (IOException e) {
        throw YAML.error(at + "tls: " + e.getMessage());
      }
    }
    String authorization = null;
    if (m.get("basic_auth") != null) {
      Map<String, Object> a = YAML.map(m.get("basic_auth"), at + "basic_auth");
      YAML.knownKeys(a, AUTH, at + "basic_auth.");
      String user = YAML.string(a.get("username"), at + "basic_auth.username");
      Path file = StrictYaml.path(base, a.get("password_file"));
      if (user.contains(":") || file == null) {
        throw YAML.error(
            at
                + "basic_auth needs a username without ':' and a password_file (no inline password)");
      }
      authorization =
          StatusAccess.basic(user, PasswordFile.read(file, FLAG + ": " + at + "basic_auth"));
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    if (m.get("headers") != null) {
      for (Map.Entry<String, Object> h : YAML.map(m.get("headers"), at + "headers").entrySet()) {
        String value = h.getValue() == null ? "" : String.valueOf(h.getValue());
        headers.addAll(
            FlagTypes.HEADERS.parse(FLAG + ": " + at + "headers", h.getKey() + ": " + value));
      }
    }
    String host = null;
    if (m.get("host_override") != null) {
      host = YAML.string(m.get("host_override"), at + "host_override");
      if (!HOST.matcher(host).matches()) {
        throw YAML.error(at + "host_override must be a host[:port]");
      }
    }
    return new StatusAccess(tls, insecure, host, headers, authorization);
  }
}
