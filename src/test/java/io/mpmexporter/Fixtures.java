package io.mpmexporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test fixtures: {@code real/} recorded from a private Apache, {@code synthetic/} written by hand.
 */
public final class Fixtures {
  public static final Path ROOT = Path.of("src/test/resources/fixtures");
  public static final Path REAL = ROOT.resolve("real/debian-2.4.71");
  public static final Path SYNTHETIC = ROOT.resolve("synthetic");

  private Fixtures() {}

  public static String real(String name) {
    return read(REAL.resolve(name));
  }

  public static String synthetic(String name) {
    return read(SYNTHETIC.resolve(name));
  }

  public static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a recorded tree (a {@code /proc} snapshot) to a directory a test may change. */
  public static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** The recorded status bodies, by file name. */
  public static List<String> realStatusFiles() {
    try (Stream<Path> s = Files.list(REAL)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("status-") && n.endsWith(".txt"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
