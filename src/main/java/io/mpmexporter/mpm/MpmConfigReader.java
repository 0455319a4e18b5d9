package io.mpmexporter.mpm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The limits an MPM gets from the configuration on disk, read the way httpd reads it once that MPM
 * is the one loaded: from the main file through every {@code Include}/{@code IncludeOptional} in
 * order, {@code <IfModule>} judged against that MPM and the modules loaded so far, {@code
 * <IfDefine>} false, the last {@code MaxRequestWorkers}/{@code ServerLimit}/{@code
 * ThreadsPerChild}/{@code ThreadLimit} winning, then {@link MpmLimits}' clamps. On Debian the
 * folder {@code mods-enabled} is read as it will be after the switch: the other MPMs' {@code
 * mpm_*.load}/{@code .conf} left out and the MPM's own from {@code mods-available} put in (Debian's
 * MPM files have no {@code <IfModule>} around their limits).
 */
public final class MpmConfigReader {
  /** httpd refuses deeper nesting of includes; a loop of includes ends here too. */
  private static final int MAX_DEPTH = 32;

  private static final Set<String> LIMITS =
      Set.of("maxrequestworkers", "maxclients", "serverlimit", "threadsperchild", "threadlimit");

  /** Modules Debian's and RHEL's httpd have built in (apachectl -l). */
  private static final Set<String> STATIC =
      Set.of(
          "core_module",
          "so_module",
          "watchdog_module",
          "http_module",
          "log_config_module",
          "logio_module",
          "version_module",
          "unixd_module",
          "core.c",
          "mod_so.c",
          "mod_watchdog.c",
          "http_core.c",
          "mod_log_config.c",
          "mod_logio.c",
          "mod_version.c",
          "mod_unixd.c");

  private static final Pattern MPM_FILE =
      Pattern.compile("mpm_(event|worker|prefork)\\.(load|conf)");

  /**
   * What the configuration gives an MPM.
   *
   * @param setIn where each limit directive that counted was written ({@code file:line}, relative
   *     to ServerRoot), by directive name in lower case
   */
  public record Effective(MpmLimits limits, Map<String, String> setIn) {}

  private final Path serverRoot;
  private final String mpm;
  private final Set<String> loaded = new HashSet<>(STATIC);
  private final StringBuilder directives = new StringBuilder();
  private final Map<String, String> setIn = new LinkedHashMap<>();
  private final Deque<Path> including = new ArrayDeque<>();

  private final boolean skipUnreadable;

  private MpmConfigReader(Path serverRoot, String mpm, boolean skipUnreadable) {
    this.serverRoot = serverRoot;
    this.mpm = mpm;
    this.skipUnreadable = skipUnreadable;
  }

  /**
   * @param mainFile the file httpd starts from (ServerRoot plus {@code SERVER_CONFIG_FILE})
   * @throws IOException the main file or an included one cannot be read
   */
  public static Effective read(Path serverRoot, Path mainFile, String mpm) throws IOException {
    return read(serverRoot, mainFile, mpm, false);
  }

  /**
   * As {@link #read(Path, Path, String)}, but an included file this user may not read is passed
   * over (the exporter's user and a site file of mode 0600): the limits may then miss what that
   * file sets.
   */
  public static Effective readWhatIsReadable(Path serverRoot, Path mainFile, String mpm)
      throws IOException {
    return read(serverRoot, mainFile, mpm, true);
  }

  private static Effective read(Path serverRoot, Path mainFile, String mpm, boolean lenient)
      throws IOException {
    MpmConfigReader r = new MpmConfigReader(serverRoot, mpm, lenient);
    r.file(mainFile);
    return new Effective(MpmLimits.parse(mpm, r.directives.toString()), Map.copyOf(r.setIn));
  }

  private void file(Path file) throws IOException {
    if (including.size() >= MAX_DEPTH || including.contains(file)) {
      throw new IOException("includes nest too deep or loop at " + file);
    }
    including.push(file);
    try {
      lines(file, Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (java.nio.file.AccessDeniedException e) {
      if (!skipUnreadable || including.size() == 1) {
        throw e;
      }
    } finally {
      including.pop();
    }
  }

  private void lines(Path file, List<String> raw) throws IOException {
    Deque<Boolean> active = new ArrayDeque<>();
    active.push(true);
    StringBuilder joined = new StringBuilder();
    int first = 0;
    for (int i = 0; i < raw.size(); i++) {
      String part = raw.get(i).strip();
      if (joined.length() == 0) {
        first = i + 1;
      }
      if (part.endsWith("\\")) {
        joined.append(part, 0, part.length() - 1).append(' ');
        continue;
      }
      String line = joined.append(part).toString().strip();
      joined.setLength(0);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("</")) {
        if (active.size() > 1) {
          active.pop();
        }
        continue;
      }
      if (line.startsWith("<")) {
        active.push(active.peek() && condition(line));
        continue;
      }
      if (active.peek()) {
        directive(file, first, line);
      }
    }
  }

  private void directive(Path file, int lineNo, String line) throws IOException {
    String[] words = line.split("\\s+");
    String name = words[0].toLowerCase(Locale.ROOT);
    if ((name.equals("include") || name.equals("includeoptional")) && words.length > 1) {
      List<Path> files;
      try {
        files = expand(unquote(line.substring(words[0].length()).strip()));
      } catch (java.nio.file.AccessDeniedException e) {
        if (!skipUnreadable) {
          throw e;
        }
        files = List.of();
      }
      for (Path p : files) {
        file(p);
      }
    } else if (name.equals("loadmodule") && words.length > 2) {
      if (!words[1].startsWith("mpm_")) {
        loaded.add(words[1]);
        String stem = Path.of(unquote(words[2])).getFileName().toString();
        loaded.add(stem.replaceFirst("\\.so$", ".c"));
      }
    } else if (LIMITS.contains(name)) {
      directives.append(line).append('\n');
      setIn.put(name.equals("maxclients") ? "maxrequestworkers" : name, where(file, lineNo));
    }
  }

  /** Whether an opening container's content applies; only the conditional ones can say no. */
  private boolean condition(String line) {
    String inner = line.substring(1, line.endsWith(">") ? line.length() - 1 : line.length());
    String[] words = inner.strip().split("\\s+", 2);
    String kind = words[0].toLowerCase(Locale.ROOT);
    if (!kind.equals("ifmodule") && !kind.equals("ifdefine")) {
      return true;
    }
    String arg = words.length > 1 ? unquote(words[1].strip()) : "";
    boolean negate = arg.startsWith("!");
    String name = negate ? arg.substring(1) : arg;
    boolean holds = kind.equals("ifmodule") && moduleLoaded(name); // no -D defines here
    return negate != holds;
  }

  private boolean moduleLoaded(String name) {
    for (String m : List.of("event", "worker", "prefork")) {
      if (name.equals("mpm_" + m + "_module")
          || name.equals("mod_mpm_" + m + ".c")
          || name.equals(m + ".c")) {
        return m.equals(mpm);
      }
    }
    return loaded.contains(name);
  }

  /**
   * The files an Include names, in httpd's order (sorted), the Debian MPM files as they will be.
   */
  private List<Path> expand(String pattern) throws IOException {
    Path path = serverRoot.resolve(pattern);
    String last = path.getFileName() == null ? "" : path.getFileName().toString();
    List<Path> files = new ArrayList<>();
    if (!last.matches(".*[*?\\[].*")) {
      if (Files.isDirectory(path)) {
        try (DirectoryStream<Path> d = Files.newDirectoryStream(path)) {
          d.forEach(p -> files.add(p));
        }
      } else if (Files.exists(path)) {
        files.add(path);
      }
    } else if (Files.isDirectory(path.getParent())) {
      try (DirectoryStream<Path> d = Files.newDirectoryStream(path.getParent(), last)) {
        d.forEach(files::add);
      }
    }
    files.removeIf(p -> !Files.isRegularFile(p));
    Path dir = path.getParent();
    if (dir != null
        && dir.getFileName() != null
        && dir.getFileName().toString().equals("mods-enabled")) {
      files.removeIf(p -> MPM_FILE.matcher(p.getFileName().toString()).matches());
      PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + last);
      for (String ext : List.of("load", "conf")) {
        Path own = dir.resolveSibling("mods-available").resolve("mpm_" + mpm + "." + ext);
        if (Files.isRegularFile(own) && glob.matches(own.getFileName())) {
          files.add(own);
        }
      }
    }
    files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    return files;
  }

  private String where(Path file, int line) {
    Path shown = file.startsWith(serverRoot) ? serverRoot.relativize(file) : file;
    return shown + ":" + line;
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }
}
