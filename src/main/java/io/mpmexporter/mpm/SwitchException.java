package io.mpmexporter.mpm;

/** A step of an MPM switch failed; the message says which and why, in one line. */
public final class SwitchException extends Exception {
  private static final long serialVersionUID = 1L;

  public SwitchException(String message) {
    super(message);
  }
}
