package io.mpmexporter.mpm;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The MPMs a switch may target: the allow-list, matched exactly (lowercase). */
public enum Mpm {
  EVENT(true),
  WORKER(true),
  PREFORK(false);

  private final boolean threaded;

  Mpm(boolean threaded) {
    this.threaded = threaded;
  }

  /** The allow-list in the order the API shows it; the MPM labels every scrape has. */
  public static final List<String> NAMES = Arrays.stream(values()).map(Mpm::label).toList();

  /**
   * The MPM label set of a scrape: the three Linux MPMs always (so a series never goes missing),
   * then any other name seen (null ignored), in that order.
   */
  public static Set<String> labels(String... seen) {
    Set<String> all = new LinkedHashSet<>(NAMES);
    for (String s : seen) {
      if (s != null) {
        all.add(s);
      }
    }
    return all;
  }

  /** The MPM with exactly this name, or empty: "Event", " event" and "mpm_event" are not names. */
  public static Optional<Mpm> byName(String name) {
    for (Mpm m : values()) {
      if (m.label().equals(name)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The name Apache prints in {@code ServerMPM:} and {@code -V}: event, worker, prefork. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Debian's module name for a2enmod/a2dismod: mpm_event. */
  public String debianModule() {
    return "mpm_" + label();
  }

  /** The module identifier in LoadModule lines and in {@code -M}: mpm_event_module. */
  public String moduleId() {
    return "mpm_" + label() + "_module";
  }

  /** Threads serve requests: modules that are not thread-safe cannot run under it. */
  public boolean threaded() {
    return threaded;
  }
}
