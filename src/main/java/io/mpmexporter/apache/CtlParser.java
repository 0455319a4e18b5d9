package io.mpmexporter.apache;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text of {@code apachectl -V} and {@code apachectl -M}. Pure; the exit code is judged
 * elsewhere.
 */
public final class CtlParser {
  private static final Pattern MODULE_LINE =
      Pattern.compile("^\\s+([A-Za-z0-9_]+)\\s+\\((static|shared)\\)\\s*$");

  private static final Pattern CONFIG_FILE =
      Pattern.compile("(?m)^\\s*-D SERVER_CONFIG_FILE=\"([^\"]+)\"\\s*$");

  private CtlParser() {}

  /** Parses {@code -V}; needs at least the "Server version:" line. */
  public static CtlInfo parseVersion(String text) throws ParseException {
    String version = null;
    String built = null;
    String arch = null;
    String mpm = null;
    Boolean threaded = null;
    Boolean forked = null;
    boolean sawMpmLine = false;
    for (KeyValue kv : KeyValue.all(text)) {
      String value = kv.value();
      switch (kv.key()) {
        case "Server version" -> version = value;
        case "Server built" -> built = value;
        case "Architecture" -> arch = value;
        case "Server MPM" -> {
          sawMpmLine = true;
          mpm = value.isEmpty() ? null : value.split("\\s+")[0];
        }
        // Only the lines right under "Server MPM:" carry these keys.
        case "threaded" -> threaded = sawMpmLine ? yesNo(value) : threaded;
        case "forked" -> forked = sawMpmLine ? yesNo(value) : forked;
        default -> {}
      }
    }
    if (version == null || version.isEmpty()) {
      throw new ParseException("no 'Server version:' line, not apachectl -V output");
    }
    Matcher file = CONFIG_FILE.matcher(text);
    String configFile = file.find() ? file.group(1) : null;
    return new CtlInfo(version, built, arch, mpm, threaded, forked, configFile);
  }

  /** Parses {@code -M}: the names of the loaded modules, e.g. {@code mpm_event_module}. */
  public static SortedSet<String> parseModules(String text) throws ParseException {
    SortedSet<String> modules = new TreeSet<>();
    boolean header = false;
    for (String line : text.split("\n", -1)) {
      String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      if (l.strip().equals("Loaded Modules:")) {
        header = true;
        continue;
      }
      Matcher m = MODULE_LINE.matcher(l);
      if (m.matches()) {
        modules.add(m.group(1));
      }
    }
    if (!header && modules.isEmpty()) {
      throw new ParseException("no 'Loaded Modules:' list, not apachectl -M output");
    }
    return Collections.unmodifiableSortedSet(modules);
  }

  /**
   * Parses {@code apachectl -t -D DUMP_RUN_CFG} for the parent's pid file; a relative path is
   * resolved against ServerRoot, as httpd does.
   */
  public static java.nio.file.Path parsePidFile(String text) throws ParseException {
    return parseRunConfig(text).pidFile();
  }

  /**
   * Parses {@code apachectl -t -D DUMP_RUN_CFG}: ServerRoot (null when not printed) and the pid
   * file, resolved against ServerRoot when relative.
   */
  public static RunConfig parseRunConfig(String text) throws ParseException {
    String root = null;
    String pid = null;
    for (KeyValue kv : KeyValue.all(text)) {
      switch (kv.key()) {
        case "ServerRoot" -> root = unquote(kv.value());
        case "PidFile" -> pid = unquote(kv.value());
        default -> {}
      }
    }
    if (pid == null || pid.isEmpty()) {
      throw new ParseException("no 'PidFile:' line, not apachectl -t -D DUMP_RUN_CFG output");
    }
    try {
      java.nio.file.Path rootPath = root == null ? null : java.nio.file.Path.of(root);
      java.nio.file.Path p = java.nio.file.Path.of(pid);
      if (!p.isAbsolute() && rootPath != null) {
        p = rootPath.resolve(p);
      }
      return new RunConfig(rootPath, p.normalize());
    } catch (java.nio.file.InvalidPathException e) {
      // Found by fuzzing: a NUL byte in the path.
      throw new ParseException("PidFile or ServerRoot is not a usable path: " + e.getReason());
    }
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1)
        : v;
  }

  private static Boolean yesNo(String value) {
    if (value.startsWith("yes")) {
      return Boolean.TRUE;
    }
    if (value.startsWith("no")) {
      return Boolean.FALSE;
    }
    return null;
  }
}
