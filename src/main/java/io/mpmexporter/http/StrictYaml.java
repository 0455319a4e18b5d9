package io.mpmexporter.http;

import io.mpmexporter.config.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the exporter's YAML files strictly: plain data only (no tags that build objects), no
 * duplicate keys, few aliases, and every key known. Errors start with the flag that named the file.
 */
public final class StrictYaml {
  private final String flag;

  /**
   * @param flag the flag that named the file, e.g. {@code --web.config.file}
   */
  public StrictYaml(String flag) {
    this.flag = flag;
  }

  /** The document: maps, lists and scalars; null for an empty file. */
  public Object load(String text) throws UsageException {
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(10);
      return new Yaml(new SafeConstructor(options)).load(text);
    } catch (YAMLException e) {
      throw error("not valid YAML: " + firstLine(e.getMessage()));
    }
  }

  /** {@code o} as a mapping with string keys. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> map(Object o, String what) throws UsageException {
    if (!(o instanceof Map<?, ?> m)) {
      throw error(what + " must be a mapping");
    }
    for (Object k : m.keySet()) {
      if (!(k instanceof String)) {
        throw error(what + " has a key that is not a string: " + k);
      }
    }
    return (Map<String, Object>) m;
  }

  /** {@code o} as a list of non-empty strings. */
  public List<String> strings(Object o, String what) throws UsageException {
    if (!(o instanceof List<?> list)) {
      throw error(what + " must be a list");
    }
    for (Object item : list) {
      if (!(item instanceof String s) || s.isBlank()) {
        throw error(what + " must hold non-empty strings; got " + item);
      }
    }
    return list.stream().map(String.class::cast).toList();
  }

  /** {@code o} as a non-empty string (a number or a boolean is taken as written). */
  public String string(Object o, String what) throws UsageException {
    if (o instanceof Map || o instanceof List || o == null || String.valueOf(o).isBlank()) {
      throw error(what + " must be a non-empty string");
    }
    return String.valueOf(o);
  }

  /** Fails on a key not in {@code known}: a setting that did nothing could be a hole. */
  public void knownKeys(Map<String, Object> m, Set<String> known, String prefix)
      throws UsageException {
    for (String k : m.keySet()) {
      if (!known.contains(k)) {
        throw error(prefix + k + " is not supported by this exporter (supported: " + known + ")");
      }
    }
  }

  /** A path as the file writes it, relative to the file's folder; null when empty. */
  public static Path path(Path base, Object value) {
    if (value == null || String.valueOf(value).isBlank()) {
      return null;
    }
    Path p = Path.of(String.valueOf(value));
    return p.isAbsolute() || base == null ? p : base.resolve(p);
  }

  /** A usage error that names the flag. */
  public UsageException error(String message) {
    return new UsageException(flag + ": " + message);
  }

  private static String firstLine(String s) {
    int nl = s == null ? -1 : s.indexOf('\n');
    return s == null ? "" : nl < 0 ? s : s.substring(0, nl);
  }
}
