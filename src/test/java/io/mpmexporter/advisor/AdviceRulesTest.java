package io.mpmexporter.advisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.Fixtures;
import io.mpmexporter.apache.CtlParser;
import io.mpmexporter.apache.ScoreboardState;
import io.mpmexporter.mpm.MpmLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;

/**
 * The advisor's rules on recorded /proc trees and -M outputs of private Apache instances, and its
 * arithmetic on round synthetic figures.
 */
class AdviceRulesTest {
  private static final long MIB = 1 << 20;
  private static final HostMemory HOST = new HostMemory(8192 * MIB, 4096 * MIB);

  private static ApacheMemory recorded(String mpm) throws IOException {
    Path tree = Fixtures.REAL.resolve("proc-" + mpm);
    return new ProcReader(tree).read(ProcReader.pidFromFile(tree.resolve("apache2.pid")));
  }

  private static SortedSet<String> modules(String fixture) throws Exception {
    return CtlParser.parseModules(Fixtures.real(fixture));
  }

  private static Observation observe(
      String mpm,
      SortedSet<String> modules,
      Map<ScoreboardState, Integer> scoreboard,
      double asyncKeepAlive,
      ApacheMemory memory,
      long budget) {
    return new Observation(
        mpm,
        modules,
        scoreboard,
        asyncKeepAlive,
        MpmLimits.parse(mpm, Fixtures.real("mpm_" + mpm + ".conf")),
        memory,
        HOST,
        budget);
  }

  @Test
  void preforkWithPhpStaysOnPrefork() throws Exception {
    Advice a =
        AdviceRules.advise(
            observe(
                "prefork",
                modules("ctl-M-prefork-php.txt"),
                Map.of(),
                Double.NaN,
                recorded("prefork"),
                0));
    assertThat(a.recommendedMpm()).isEqualTo("prefork");
    assertThat(a.reasons()).containsExactly(AdviceRules.NON_THREAD_SAFE_MODULE);
    assertThat(a.memorySource()).isEqualTo("pss");
    assertThat(a.verdict()).isEqualTo(Advice.OK);
  }

  @Test
  void preforkWithoutPhpUnderKeepAliveIsToldToMoveToEventWithASaving() throws Exception {
    Map<ScoreboardState, Integer> board =
        Map.of(ScoreboardState.KEEPALIVE, 20, ScoreboardState.REPLY, 10, ScoreboardState.IDLE, 5);
    Advice a =
        AdviceRules.advise(
            observe(
                "prefork",
                modules("ctl-M-prefork.txt"),
                board,
                Double.NaN,
                recorded("prefork"),
                0));
    assertThat(a.recommendedMpm()).isEqualTo("event");
    assertThat(a.reasons())
        .containsExactly(
            AdviceRules.THREAD_SAFE_MODULES,
            AdviceRules.MEMORY_SAVING,
            AdviceRules.KEEPALIVE_HOLDS_WORKERS);
    assertThat(a.savingBytes()).isNotNull().isPositive();
    assertThat(a.keepAliveShare()).isEqualTo(20.0 / 30);
    assertThat(a.verdict()).isEqualTo(Advice.WARNING);
  }

  @Test
  void eventStaysOnEvent() throws Exception {
    Advice a =
        AdviceRules.advise(
            observe("event", modules("ctl-M-event.txt"), Map.of(), 3, recorded("event"), 0));
    assertThat(a.recommendedMpm()).isEqualTo("event");
    assertThat(a.reasons())
        .contains(AdviceRules.THREAD_SAFE_MODULES, AdviceRules.ASYNC_KEEPALIVE)
        .doesNotContain(AdviceRules.KEEPALIVE_HOLDS_WORKERS);
    // A child's memory is shared by its 25 workers.
    long perChild = recorded("event").childrenPssBytes().getAsLong() / a.children();
    assertThat(a.workerMemoryBytes()).isEqualTo(perChild / 25);
    assertThat(a.verdict()).isEqualTo(Advice.OK);
  }

  /** Round figures: a prefork parent of 4 MiB, two children of 2 MiB PSS (10 MiB RSS) each. */
  private static ApacheMemory synthetic(long pssEach) {
    return new ApacheMemory(
        100,
        4 * MIB,
        -1,
        List.of(
            new ApacheMemory.Child(101, 10 * MIB, -1, 0, pssEach, 1),
            new ApacheMemory.Child(102, 10 * MIB, -1, 0, pssEach, 1)));
  }

  /** The advice for {@link #synthetic} children under prefork without mod_php. */
  private static Advice syntheticPrefork(long pssEach, long budget) throws Exception {
    return AdviceRules.advise(
        observe(
            "prefork",
            modules("ctl-M-prefork.txt"),
            Map.of(),
            Double.NaN,
            synthetic(pssEach),
            budget));
  }

  @Test
  void theArithmeticOfBudgetWorstCaseAndAffordableWorkers() throws Exception {
    Advice a = syntheticPrefork(2 * MIB, 100 * MIB);
    assertThat(a.workerMemoryBytes()).isEqualTo(2 * MIB);
    assertThat(a.worstCaseBytes()).isEqualTo(4 * MIB + 150 * 2 * MIB);
    assertThat(a.budgetBytes()).isEqualTo(100 * MIB);
    assertThat(a.budgetSource()).isEqualTo("flag");
    assertThat(a.overcommitRatio()).isEqualTo(304.0 / 100);
    assertThat(a.affordableWorkers()).isEqualTo(48);
    assertThat(a.verdict()).isEqualTo(Advice.CRITICAL);
    // prefork: 150 x 2 MiB; event: 6 children x (2 MiB + 25 x 128 KiB).
    assertThat(a.savingBytes()).isEqualTo(300 * MIB - 6 * (2 * MIB + 25 * 128 * 1024));
  }

  @Test
  void withoutAFlagTheBudgetIsWhatIsAvailablePlusWhatApacheHolds() throws Exception {
    Advice a = syntheticPrefork(2 * MIB, 0);
    assertThat(a.budgetSource()).isEqualTo("available");
    assertThat(a.budgetBytes()).isEqualTo(4096 * MIB + 4 * MIB + 4 * MIB);
  }

  @Test
  void unreadablePssFallsBackToRss() throws Exception {
    Advice a = syntheticPrefork(-1, 0);
    assertThat(a.memorySource()).isEqualTo("rss");
    assertThat(a.workerMemoryBytes()).isEqualTo(10 * MIB);
    assertThat(a.childrenPssBytes()).isEqualTo(-1);
  }

  @Test
  void withoutPssTheChildrensOwnMemoryIsEstimatedFromAnonAndFilePages() throws Exception {
    // Parent: 2 MiB anonymous. Two children: 3 MiB anonymous (1 MiB their own), 4 MiB of file
    // pages.
    ApacheMemory m =
        new ApacheMemory(
            100,
            6 * MIB,
            2 * MIB,
            List.of(
                new ApacheMemory.Child(101, 7 * MIB, 3 * MIB, 4 * MIB, -1, 1),
                new ApacheMemory.Child(102, 7 * MIB, 3 * MIB, 4 * MIB, -1, 1)));
    Advice a =
        AdviceRules.advise(
            observe("prefork", modules("ctl-M-prefork.txt"), Map.of(), Double.NaN, m, 0));
    assertThat(a.memorySource()).isEqualTo("estimate");
    // Each: 1 MiB of its own + (2 MiB + 4 MiB) / 3 sharers = 3 MiB.
    assertThat(a.workerMemoryBytes()).isEqualTo(3 * MIB);
  }

  @Test
  void onTheRecordedTreesTheEstimateIsWithinOneAndAHalfTimesPss() throws Exception {
    for (String mpm : List.of("prefork", "event")) {
      ApacheMemory m = recorded(mpm);
      long pss = m.childrenPssBytes().getAsLong();
      assertThat(m.childrenEstimateBytes().getAsLong())
          .as(mpm)
          .isBetween(pss, pss * 3 / 2)
          .isLessThan(m.childrenRssBytes() / 2);
    }
  }

  @Test
  void unknownModulesGiveNoRecommendationButStillTheMemoryVerdict() throws Exception {
    Advice a =
        AdviceRules.advise(
            observe("prefork", null, Map.of(), Double.NaN, synthetic(2 * MIB), 100 * MIB));
    assertThat(a.recommendedMpm()).isNull();
    assertThat(a.reasons()).isEmpty();
    assertThat(a.verdict()).isEqualTo(Advice.CRITICAL);
  }

  @Test
  void noChildToMeasureIsAnError() {
    ApacheMemory none = new ApacheMemory(100, 4 * MIB, -1, List.of());
    assertThatThrownBy(
            () -> AdviceRules.advise(observe("prefork", null, Map.of(), Double.NaN, none, 0)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no child process");
  }

  @Test
  void noSavingIsClaimedFromAThreadedServer() throws Exception {
    Advice a =
        AdviceRules.advise(
            observe("event", modules("ctl-M-event.txt"), Map.of(), 0, recorded("event"), 0));
    assertThat(a.savingBytes()).isNull();
    assertThat(a.reasons()).doesNotContain(AdviceRules.MEMORY_SAVING);
  }
}
