package io.mpmexporter.metrics;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The MPM label set: the three Linux MPMs always, plus any other name seen. */
final class Mpms {
  static final List<String> KNOWN = List.of("event", "worker", "prefork");

  private Mpms() {}

  static Set<String> labels(String... seen) {
    Set<String> all = new LinkedHashSet<>(KNOWN);
    for (String s : seen) {
      if (s != null) {
        all.add(s);
      }
    }
    return all;
  }
}
