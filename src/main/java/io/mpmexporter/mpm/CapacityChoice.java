package io.mpmexporter.mpm;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a switch does when the target MPM would serve fewer concurrent requests than the current.
 */
public enum CapacityChoice {
  /** Refuse the switch with {@code capacity_drop} (the default). */
  CHECK("check"),
  /** Write the smallest override that gives the target at least the current MaxRequestWorkers. */
  KEEP("keep"),
  /** Accept the target's own limits; the drop is reported. */
  AS_CONFIGURED("as_configured");

  private final String label;

  CapacityChoice(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static final List<String> NAMES =
      Arrays.stream(values()).map(CapacityChoice::label).toList();

  public static Optional<CapacityChoice> byName(String name) {
    return Arrays.stream(values()).filter(c -> c.label.equals(name)).findFirst();
  }
}
