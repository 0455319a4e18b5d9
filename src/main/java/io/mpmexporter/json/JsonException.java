package io.mpmexporter.json;

/** A body that is not the JSON we accept; the message is safe to show to the client. */
public final class JsonException extends Exception {
  private static final long serialVersionUID = 1L;

  public JsonException(String message) {
    super(message);
  }
}
