package io.mpmexporter.metrics;

import io.mpmexporter.mpm.Mpm;
import java.util.LinkedHashSet;
import java.util.Set;

/** The MPM label set: the three Linux MPMs ({@link Mpm}) always, plus any other name seen. */
final class Mpms {
  private Mpms() {}

  static Set<String> labels(String... seen) {
    Set<String> all = new LinkedHashSet<>(Mpm.NAMES);
    for (String s : seen) {
      if (s != null) {
        all.add(s);
      }
    }
    return all;
  }
}
