package io.mpmexporter.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Classes with one job: no source file in src/main over 300 lines. */
class ClassSizeTest {
  private static final int MAX_LINES = 300;

  @Test
  void noMainClassIsOver300Lines() throws Exception {
    List<String> large;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      large =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> lines(p) > MAX_LINES)
              .map(p -> p + ": " + lines(p))
              .toList();
    }
    assertThat(large).as("split these").isEmpty();
  }

  private static long lines(Path p) {
    try (Stream<String> s = Files.lines(p)) {
      return s.count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
