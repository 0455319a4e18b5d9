package io.mpmexporter.apache;

/**
 * What {@code apachectl -t} says of the configuration on disk: whether the next start or restart of
 * Apache would get past it.
 *
 * @param error null when the test passed; else Apache's first two lines (the file and line, then
 *     the reason), at most 300 characters: for the log, never for a label
 */
public record ConfigTest(boolean ok, String error) {
  private static final int MAX_ERROR = 300;

  /** Reads a finished {@code apachectl -t}: exit 0 passes, anything else fails. */
  public static ConfigTest of(CommandResult r) {
    if (r.exitCode() == 0) {
      return new ConfigTest(true, null);
    }
    String error = r.firstLines(2);
    if (error.isEmpty()) {
      error = "exit " + r.exitCode();
    }
    return new ConfigTest(
        false, error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR) + "...");
  }
}
