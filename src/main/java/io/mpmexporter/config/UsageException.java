package io.mpmexporter.config;

/**
 * A bad command line or environment value; the message names the flag. Main prints it and exits 2.
 */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
