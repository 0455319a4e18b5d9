package io.mpmexporter.apache;

/** A finished command: its exit code and its output, each cut at the runner's cap. */
public record CommandResult(int exitCode, String stdout, String stderr) {

  /** The first non-blank line of stderr, else of stdout, for a one-line error message. */
  public String firstLine() {
    for (String text : new String[] {stderr, stdout}) {
      for (String line : text.split("\n")) {
        if (!line.isBlank()) {
          return line.strip();
        }
      }
    }
    return "";
  }
}
