package io.mpmexporter.apache;

import java.util.List;

/** A finished command: its exit code and its output, each cut at the runner's cap. */
public record CommandResult(int exitCode, String stdout, String stderr) {

  /**
   * A failed run of {@code argv} in one line: the command, its exit code and its first line of
   * output, cut at 200 characters.
   */
  public String exitMessage(List<String> argv) {
    String line = firstLine();
    return String.join(" ", argv)
        + ": exit "
        + exitCode
        + ": "
        + (line.length() <= 200 ? line : line.substring(0, 200) + "...");
  }

  /** The first non-blank line of stderr, else of stdout, for a one-line error message. */
  public String firstLine() {
    return firstLines(1);
  }

  /**
   * The first {@code n} non-blank lines of stderr (else of stdout) joined by a space: Apache puts
   * "Syntax error on line 2 of FILE:" on one line and the reason on the next.
   */
  public String firstLines(int n) {
    for (String text : new String[] {stderr, stdout}) {
      StringBuilder b = new StringBuilder();
      int taken = 0;
      for (String line : text.split("\n")) {
        if (!line.isBlank() && taken < n) {
          b.append(taken++ == 0 ? "" : " ").append(line.strip());
        }
      }
      if (taken > 0) {
        return b.toString();
      }
    }
    return "";
  }
}
