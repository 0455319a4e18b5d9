package io.mpmexporter.advisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.Fixtures;
import io.mpmexporter.apache.PollFailure;
import io.mpmexporter.apache.RunConfig;
import io.mpmexporter.apache.StatusParser;
import io.mpmexporter.config.AdvisorConfig;
import io.mpmexporter.poll.PollResult;
import io.mpmexporter.poll.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The advisor's reading follows the poller: advice while the status page is read, an error (and so
 * no figures) as soon as it is not. On a recorded prefork /proc tree.
 */
class AdvisorWatchTest {
  @TempDir Path tmp;

  @Test
  void aFailedStatusPollEndsTheAdviceInsteadOfKeepingTheLastOne() throws Exception {
    Path proc = tmp.resolve("proc");
    Fixtures.copyTree(Fixtures.REAL.resolve("proc-prefork"), proc);
    Files.writeString(proc.resolve("meminfo"), Fixtures.real("proc-meminfo.txt"));
    Snapshot up =
        Snapshot.empty()
            .withStatus(
                PollResult.success(
                    0, 0, StatusParser.parse(Fixtures.real("status-prefork-idle.txt"))));
    Snapshot down =
        up.withStatus(
            PollResult.failure(0, 0, new PollFailure(PollFailure.REFUSED, "connection refused")));
    AtomicReference<Snapshot> now = new AtomicReference<>(up);
    PollResult<RunConfig> rc =
        PollResult.success(0, 0, new RunConfig(null, proc.resolve("apache2.pid")));
    AdvisorWatch w =
        new AdvisorWatch(
            now::get,
            () -> rc,
            new AdvisorConfig(true, null, null, 0, Duration.ofSeconds(1)),
            Duration.ofSeconds(1),
            proc);
    try {
      w.measure();
      assertThat(w.reading().advice()).isNotNull();
      assertThat(w.reading().advice().runningMpm()).isEqualTo("prefork");
      now.set(down);
      w.measure();
      assertThat(w.reading().advice()).isNull();
      assertThat(w.reading().error()).contains("status page");
    } finally {
      w.close();
    }
  }
}
