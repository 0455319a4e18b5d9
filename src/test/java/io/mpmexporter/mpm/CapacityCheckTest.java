package io.mpmexporter.mpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapacityCheckTest {
  private static final MpmLimits PREFORK_400 = new MpmLimits(400, 1, 400, MpmLimits.CONFIG);
  private static final MpmLimits EVENT_150 = MpmLimits.parse("event", "MaxRequestWorkers 150");

  private static SwitchRequest request(Mpm target, CapacityChoice choice, boolean force) {
    return new SwitchRequest(target, false, force, null, null, null, choice, null);
  }

  private static Capacity capacity(CapacityChoice choice, Capacity.Memory memory) {
    return new Capacity(
        "prefork",
        PREFORK_400,
        "conf-enabled/tuning.conf:3",
        "event",
        EVENT_150,
        null,
        choice,
        null,
        memory);
  }

  @Test
  void aDropIsRefusedNamingBothFiguresUnlessKeptOrAccepted() {
    String[] no =
        CapacityCheck.refusal(
            capacity(CapacityChoice.CHECK, null), request(Mpm.EVENT, CapacityChoice.CHECK, false));
    assertThat(no[0]).isEqualTo(SwitchReport.CAPACITY_DROP);
    assertThat(no[1])
        .contains("prefork serves 400")
        .contains("set in conf-enabled/tuning.conf:3")
        .contains("event would serve 150 (httpd's default)")
        .contains("nothing was changed");
    assertThat(
            CapacityCheck.refusal(
                capacity(CapacityChoice.KEEP, null),
                request(Mpm.EVENT, CapacityChoice.KEEP, false)))
        .isNull();
    assertThat(
            CapacityCheck.refusal(
                capacity(CapacityChoice.AS_CONFIGURED, null),
                request(Mpm.EVENT, CapacityChoice.AS_CONFIGURED, false)))
        .isNull();
    // force does not stand for a capacity choice.
    assertThat(
            CapacityCheck.refusal(
                capacity(CapacityChoice.CHECK, null),
                request(Mpm.EVENT, CapacityChoice.CHECK, true)))
        .isNotNull();
  }

  @Test
  void keptTheTargetEndsWithTheCurrentWorkers() {
    assertThat(capacity(CapacityChoice.KEEP, null).targetWorkers()).isEqualTo(400);
    assertThat(capacity(CapacityChoice.AS_CONFIGURED, null).targetWorkers()).isEqualTo(150);
  }

  @Test
  void preforksWorstCaseUsesAMeasuredChildElseTheFloor() {
    MemoryFigures fromEvent =
        new MemoryFigures("event", 9 << 20, "pss", 10 << 20, 1L << 30, "flag");
    Capacity.Memory floor = CapacityCheck.memory(fromEvent, 600);
    assertThat(floor.perProcessBytes()).isEqualTo(CapacityCheck.PREFORK_CHILD_FLOOR_BYTES);
    assertThat(floor.perProcessSource()).isEqualTo("floor");
    assertThat(floor.worstCaseBytes()).isEqualTo((10L << 20) + 600 * (4L << 20));
    assertThat(floor.ratio()).isGreaterThan(2.3).isLessThan(2.4);

    MemoryFigures fromPrefork =
        new MemoryFigures("prefork", 30 << 20, "pss", 10 << 20, 8L << 30, "available");
    Capacity.Memory measured = CapacityCheck.memory(fromPrefork, 150);
    assertThat(measured.perProcessBytes()).isEqualTo(30 << 20);
    assertThat(measured.perProcessSource()).isEqualTo("measured (pss)");

    Capacity over =
        new Capacity(
            "event",
            EVENT_150,
            null,
            "prefork",
            PREFORK_400,
            null,
            CapacityChoice.CHECK,
            null,
            floor);
    String[] no = CapacityCheck.refusal(over, request(Mpm.PREFORK, CapacityChoice.CHECK, false));
    assertThat(no[0]).isEqualTo(SwitchReport.MEMORY_OVERCOMMIT);
    assertThat(no[1])
        .contains("needs up to 2410 MiB")
        .contains("budget of 1024 MiB")
        .contains("2.35");
    assertThat(CapacityCheck.refusal(over, request(Mpm.PREFORK, CapacityChoice.CHECK, true)))
        .as("force")
        .isNull();
  }

  @ParameterizedTest
  @CsvSource({
    // target, its MaxRequestWorkers, ThreadsPerChild, ServerLimit, wanted -> directives
    "event, 150, 25, 16, 400, MaxRequestWorkers 400",
    "event, 150, 25, 16, 401, ServerLimit 17|MaxRequestWorkers 425",
    "worker, 150, 50, 16, 1000, ServerLimit 20|MaxRequestWorkers 1000",
    "prefork, 150, 1, 256, 400, ServerLimit 400|MaxRequestWorkers 400",
    "prefork, 150, 1, 256, 200, MaxRequestWorkers 200",
  })
  void theOverrideIsTheSmallestThatKeepsTheWorkers(
      String mpm, int workers, int tpc, int serverLimit, int wanted, String expected) {
    MpmLimits to = new MpmLimits(workers, tpc, serverLimit, MpmLimits.CONFIG);
    List<String> lines = CapacityOverride.directives(Mpm.byName(mpm).orElseThrow(), to, wanted);
    assertThat(String.join("|", lines)).isEqualTo(expected);
    MpmLimits after =
        MpmLimits.parse(mpm, "ThreadsPerChild " + tpc + "\n" + String.join("\n", lines));
    assertThat(after.maxRequestWorkers())
        .as("httpd's clamps keep it")
        .isGreaterThanOrEqualTo(wanted);
  }

  @Test
  void theOverrideFileKeepsOtherMpmsBlocksAndReplacesItsOwn() {
    String first =
        CapacityOverride.text(
            null, Mpm.EVENT, List.of("MaxRequestWorkers 400"), "prefork served 400");
    String second =
        CapacityOverride.text(
            first, Mpm.PREFORK, List.of("MaxRequestWorkers 600"), "event served 600");
    String third =
        CapacityOverride.text(
            second, Mpm.EVENT, List.of("MaxRequestWorkers 800"), "worker served 800");
    assertThat(third)
        .contains("<IfModule mpm_prefork_module>")
        .contains("MaxRequestWorkers 600")
        .contains("MaxRequestWorkers 800")
        .doesNotContain("MaxRequestWorkers 400");
    assertThat(third.split("<IfModule mpm_event_module>", -1)).hasSize(2);
  }
}
