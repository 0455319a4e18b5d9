package io.mpmexporter.mpm;

import java.util.Locale;

/**
 * How many workers the running MPM may start: {@code MaxRequestWorkers}, {@code ThreadsPerChild} (1
 * under prefork) and {@code ServerLimit}, after the clamps httpd applies at start.
 *
 * @param source {@code config} when at least one directive came from the MPM's configuration file,
 *     {@code default} when all are httpd's compiled defaults
 */
public record MpmLimits(
    int maxRequestWorkers, int threadsPerChild, int serverLimit, String source) {

  public static final String CONFIG = "config";
  public static final String DEFAULT = "default";

  // httpd 2.4's compiled defaults (mpm_common, prefork.c, event.c/worker.c).
  static final int PREFORK_SERVER_LIMIT = 256;
  static final int THREADED_SERVER_LIMIT = 16;
  public static final int THREADS_PER_CHILD = 25;
  static final int THREAD_LIMIT = 64;

  /** httpd's defaults for {@code mpm}. */
  public static MpmLimits defaults(String mpm) {
    return parse(mpm, "");
  }

  /**
   * The limits in {@code text} (an MPM configuration file such as Debian's mpm_event.conf), over
   * httpd's defaults. Directive names are case-insensitive, as in httpd; {@code MaxClients} is the
   * 2.2 name of {@code MaxRequestWorkers}. {@code <IfModule>} lines are ignored: the file is the
   * running MPM's own.
   */
  public static MpmLimits parse(String mpm, String text) {
    boolean prefork = "prefork".equals(mpm);
    Integer workers = null;
    Integer threads = null;
    Integer serverLimit = null;
    Integer threadLimit = null;
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("<")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length < 2) {
        continue;
      }
      Integer value = number(parts[1]);
      if (value == null) {
        continue;
      }
      switch (parts[0].toLowerCase(Locale.ROOT)) {
        case "maxrequestworkers", "maxclients" -> workers = value;
        case "threadsperchild" -> threads = value;
        case "serverlimit" -> serverLimit = value;
        case "threadlimit" -> threadLimit = value;
        default -> {}
      }
    }
    boolean fromConfig = workers != null || threads != null || serverLimit != null;
    String source = fromConfig ? CONFIG : DEFAULT;
    if (prefork) {
      int limit = serverLimit != null ? serverLimit : PREFORK_SERVER_LIMIT;
      int max = workers != null ? workers : PREFORK_SERVER_LIMIT;
      // prefork lowers MaxRequestWorkers to ServerLimit (AH00180).
      return new MpmLimits(Math.max(1, Math.min(max, limit)), 1, limit, source);
    }
    int tl = threadLimit != null ? threadLimit : THREAD_LIMIT;
    int tpc = Math.max(1, Math.min(threads != null ? threads : THREADS_PER_CHILD, tl));
    int limit = serverLimit != null ? serverLimit : THREADED_SERVER_LIMIT;
    int max = workers != null ? workers : limit * tpc;
    // event and worker lower MaxRequestWorkers to ServerLimit x ThreadsPerChild (AH00484) and round
    // it down to a multiple of ThreadsPerChild, at least one child's worth (AH00485).
    max = Math.min(max, limit * tpc);
    max = Math.max(tpc, max / tpc * tpc);
    return new MpmLimits(max, tpc, limit, source);
  }

  private static Integer number(String s) {
    try {
      int v = Integer.parseInt(s);
      return v > 0 ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
