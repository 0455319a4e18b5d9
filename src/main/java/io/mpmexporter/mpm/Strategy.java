package io.mpmexporter.mpm;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a switch replaces the running server. {@code restart}: full stop, then start (Apache's own
 * downtime, 1.4–2.4 s). {@code handover}: a bridge instance of the new MPM binds the same port with
 * SO_REUSEPORT, the old server stops gracefully, the main server starts on the new MPM, the bridge
 * stops gracefully: the port never lacks a listener.
 */
public enum Strategy {
  RESTART,
  HANDOVER;

  /** The names the API accepts. */
  public static final List<String> NAMES = Arrays.stream(values()).map(Strategy::label).toList();

  public static Optional<Strategy> byName(String name) {
    for (Strategy s : values()) {
      if (s.label().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
