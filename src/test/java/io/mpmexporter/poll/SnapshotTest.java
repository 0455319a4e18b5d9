package io.mpmexporter.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.Fixtures;
import io.mpmexporter.apache.CtlInfo;
import io.mpmexporter.apache.CtlParser;
import io.mpmexporter.apache.PollFailure;
import io.mpmexporter.apache.StatusPage;
import io.mpmexporter.apache.StatusParser;
import org.junit.jupiter.api.Test;

class SnapshotTest {
  static StatusPage page(String file) throws Exception {
    return StatusParser.parse(Fixtures.real(file));
  }

  static CtlInfo ctl(String mpm) throws Exception {
    return CtlParser.parseVersion(Fixtures.real("ctl-V-" + mpm + ".txt"));
  }

  static PollResult<StatusPage> ok(long at, String file) throws Exception {
    return PollResult.success(at, 0.01, page(file));
  }

  static PollResult<StatusPage> refused(long at) {
    return PollResult.failure(at, 0.001, new PollFailure(PollFailure.REFUSED, "refused"));
  }

  @Test
  void anEmptySnapshotIsDownWithEveryErrorCounterAtZero() {
    Snapshot s = Snapshot.empty();
    assertThat(s.up()).isFalse();
    assertThat(s.runningMpm()).isNull();
    assertThat(s.errors().get(Source.STATUS)).containsEntry(PollFailure.REFUSED, 0L);
    assertThat(s.errors().get(Source.VERSION)).containsEntry(PollFailure.CTL_TIMEOUT, 0L);
  }

  @Test
  void aConfiguredMpmThatDiffersFromTheRunningOneIsAPendingRestart() throws Exception {
    Snapshot s = Snapshot.empty().withStatus(ok(1000, "status-event-idle.txt"));
    assertThat(s.restartPending()).isNull();
    s = s.withVersion(PollResult.success(1000, 0.05, ctl("event")));
    assertThat(s.restartPending()).isFalse();
    s = s.withVersion(PollResult.success(2000, 0.05, ctl("prefork")));
    assertThat(s.runningMpm()).isEqualTo("event");
    assertThat(s.configuredMpm()).isEqualTo("prefork");
    assertThat(s.restartPending()).isTrue();
  }

  @Test
  void aChangeAcrossAStopAndStartIsCountedOnce() throws Exception {
    Snapshot s = Snapshot.empty().withStatus(ok(1000, "status-event-idle.txt"));
    s = s.withStatus(refused(2000)).withStatus(refused(3000));
    assertThat(s.up()).isFalse();
    assertThat(s.lastRunningMpm()).isEqualTo("event");
    assertThat(s.errors().get(Source.STATUS)).containsEntry(PollFailure.REFUSED, 2L);
    s = s.withStatus(ok(4000, "status-prefork-idle.txt"));
    s = s.withStatus(ok(5000, "status-prefork-idle.txt"));
    assertThat(s.mpmChanges()).isEqualTo(1);
    assertThat(s.lastMpmChangeMillis()).isEqualTo(4000);
    assertThat(s.lastSuccessMillis()).containsEntry(Source.STATUS, 5000L);
  }

  @Test
  void theFirstMpmSeenIsNotAChange() throws Exception {
    Snapshot s = Snapshot.empty().withStatus(ok(1000, "status-worker-idle.txt"));
    assertThat(s.mpmChanges()).isZero();
    assertThat(s.lastMpmChangeMillis()).isZero();
  }

  @Test
  void oldServersFallBackToVersionOutputButClaimNoPendingRestart() throws Exception {
    Snapshot s =
        Snapshot.empty()
            .withStatus(
                PollResult.success(
                    1000, 0.01, StatusParser.parse(Fixtures.synthetic("status-apache22.txt"))))
            .withVersion(PollResult.success(1000, 0.05, ctl("prefork")));
    assertThat(s.runningMpm()).isEqualTo("prefork");
    assertThat(s.runningMpmFromStatus()).isFalse();
    assertThat(s.restartPending()).isNull();
  }

  @Test
  void startTimeStaysPutWhileRestartTimeIsUnchanged() throws Exception {
    Snapshot s = Snapshot.empty().withStatus(ok(10_000, "status-event-idle.txt"));
    double start = s.startTimeSeconds();
    assertThat(start).isEqualTo(10 - 3);
    // The same page polled 1.7 s later would compute another start time from uptime; it must not
    // move.
    s = s.withStatus(ok(11_700, "status-event-idle.txt"));
    assertThat(s.startTimeSeconds()).isEqualTo(start);
  }

  @Test
  void aNewRestartTimeOrGenerationIsARestart() throws Exception {
    Snapshot a = Snapshot.empty().withStatus(ok(1000, "status-event-idle.txt"));
    Snapshot same = a.withStatus(ok(2000, "status-event-idle.txt"));
    Snapshot other = a.withStatus(ok(3000, "status-worker-idle.txt"));
    assertThat(a.restartedIn(same)).isFalse();
    assertThat(a.restartedIn(other)).isTrue();
    assertThat(a.restartedIn(a.withStatus(refused(4000)))).isFalse();
  }

  @Test
  void aFailedApachectlBeforeAnySuccessIsCounted() {
    Snapshot s =
        Snapshot.empty()
            .withVersion(
                PollResult.failure(1000, 0.001, new PollFailure(PollFailure.CTL_EXEC, "missing")));
    assertThat(s.errors().get(Source.VERSION)).containsEntry(PollFailure.CTL_EXEC, 1L);
    assertThat(s.lastSuccessMillis()).isEmpty();
    assertThat(s.configuredMpm()).isNull();
  }
}
