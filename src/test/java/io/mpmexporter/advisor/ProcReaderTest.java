package io.mpmexporter.advisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads /proc trees recorded from private Apache instances (scripts/capture-fixtures advisor), a
 * copy with the children list removed (the scan by parent pid), and this machine's own /proc.
 */
class ProcReaderTest {
  @TempDir Path tmp;

  private static Path tree(String mpm) {
    return Fixtures.REAL.resolve("proc-" + mpm);
  }

  private static long parent(Path tree) throws IOException {
    return ProcReader.pidFromFile(tree.resolve("apache2.pid"));
  }

  /** The sum of {@code key}'s kB values over the children's {@code file}, read with a regex. */
  private static long sumKib(Path tree, long parent, String file, String key) throws IOException {
    long sum = 0;
    for (String pid : children(tree, parent)) {
      Matcher m =
          Pattern.compile("(?m)^" + key + "\\s+(\\d+) kB")
              .matcher(Files.readString(tree.resolve(pid + "/" + file)));
      assertThat(m.find()).isTrue();
      sum += Long.parseLong(m.group(1));
    }
    return sum * 1024;
  }

  private static List<String> children(Path tree, long parent) throws IOException {
    return List.of(
        Files.readString(tree.resolve(parent + "/task/" + parent + "/children")).trim().split(" "));
  }

  @Test
  void readsAPreforkParentAndItsChildren() throws Exception {
    Path tree = tree("prefork");
    long pid = parent(tree);
    ApacheMemory m = new ProcReader(tree).read(pid);
    assertThat(m.parentPid()).isEqualTo(pid);
    assertThat(m.children()).hasSize(children(tree, pid).size()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(m.childrenRssBytes()).isEqualTo(sumKib(tree, pid, "status", "VmRSS:"));
    assertThat(m.childrenPssBytes()).hasValue(sumKib(tree, pid, "smaps_rollup", "Pss:"));
    assertThat(m.parentRssBytes()).isPositive();
    assertThat(m.children()).allSatisfy(c -> assertThat(c.threads()).isEqualTo(1));
  }

  @Test
  void eventChildrenCarryTheirThreads() throws Exception {
    Path tree = tree("event");
    ApacheMemory m = new ProcReader(tree).read(parent(tree));
    // 25 workers, the listener and the main thread.
    assertThat(m.children()).allSatisfy(c -> assertThat(c.threads()).isEqualTo(27));
  }

  @Test
  void withoutTheChildrenListEveryProcessWhoseParentIsApacheIsFound() throws Exception {
    Path copy = tmp.resolve("proc");
    Fixtures.copyTree(tree("prefork"), copy);
    long pid = parent(copy);
    List<String> expected = children(copy, pid);
    Files.delete(copy.resolve(pid + "/task/" + pid + "/children"));
    ApacheMemory m = new ProcReader(copy).read(pid);
    assertThat(m.children().stream().map(c -> Long.toString(c.pid())))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void anUnreadablePssLeavesOnlyRss() throws Exception {
    Path copy = tmp.resolve("proc");
    Fixtures.copyTree(tree("prefork"), copy);
    long pid = parent(copy);
    Files.delete(copy.resolve(children(copy, pid).get(0) + "/smaps_rollup"));
    ApacheMemory m = new ProcReader(copy).read(pid);
    assertThat(m.childrenPssBytes()).isEmpty();
    assertThat(m.childrenRssBytes()).isPositive();
  }

  @Test
  void aParentThatIsGoneOrAPidFileWithoutAPidIsAnError() throws Exception {
    assertThatThrownBy(() -> new ProcReader(tree("prefork")).read(999_999_999L))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no process 999999999");
    Path bad = Files.writeString(tmp.resolve("apache2.pid"), "garbage\n");
    assertThatThrownBy(() -> ProcReader.pidFromFile(bad))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not hold a pid");
  }

  @Test
  void readsThisMachinesProcForAChildOfThisJvm() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "30").start();
    try {
      ApacheMemory m = new ProcReader(Path.of("/proc")).read(ProcessHandle.current().pid());
      assertThat(m.children()).anySatisfy(c -> assertThat(c.pid()).isEqualTo(sleep.pid()));
      assertThat(m.parentRssBytes()).isGreaterThan(10L << 20);
    } finally {
      sleep.destroy();
      sleep.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
