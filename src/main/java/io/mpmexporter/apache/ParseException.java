package io.mpmexporter.apache;

/**
 * Text that is not the Apache output a parser expected; the message says what it looked like
 * instead.
 */
public final class ParseException extends Exception {
  private static final long serialVersionUID = 1L;

  public ParseException(String message) {
    super(message);
  }
}
