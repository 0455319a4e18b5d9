package io.mpmexporter.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.switchapi.AuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefusalAuditTest {
  @TempDir Path tmp;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private List<String> lines(Path f) throws Exception {
    return Files.exists(f) ? Files.readAllLines(f) : List.of();
  }

  @Test
  void tenLinesAMinuteThenOneCountForTheRest() throws Exception {
    Path f = tmp.resolve("audit.log");
    RefusalAudit audit = new RefusalAudit(new AuditLog(f), now::get);
    for (int i = 0; i < 10_000; i++) {
      audit.refused(Map.of("result", "bad_request", "n", i));
    }
    assertThat(lines(f)).hasSize(RefusalAudit.PER_WINDOW);
    now.addAndGet(RefusalAudit.WINDOW.toNanos());
    audit.refused(Map.of("result", "bad_request", "n", "next minute"));
    List<String> after = lines(f);
    assertThat(after).hasSize(RefusalAudit.PER_WINDOW + 2);
    assertThat(after.get(RefusalAudit.PER_WINDOW))
        .contains("\"result\":\"suppressed\"", "\"count\":" + (10_000 - RefusalAudit.PER_WINDOW));
    assertThat(after.get(RefusalAudit.PER_WINDOW + 1)).contains("next minute");
  }

  @Test
  void aQuietMinuteWritesEveryLineAndAStopWritesTheCount() throws Exception {
    Path f = tmp.resolve("audit.log");
    RefusalAudit audit = new RefusalAudit(new AuditLog(f), now::get);
    for (int i = 0; i < RefusalAudit.PER_WINDOW; i++) {
      audit.refused(Map.of("result", "refused_peer"));
    }
    audit.flush();
    assertThat(lines(f)).as("nothing suppressed, no count line").hasSize(RefusalAudit.PER_WINDOW);
    audit.refused(Map.of("result", "refused_peer"));
    audit.refused(Map.of("result", "refused_peer"));
    audit.flush();
    assertThat(lines(f)).hasSize(RefusalAudit.PER_WINDOW + 1);
    assertThat(lines(f).get(RefusalAudit.PER_WINDOW)).contains("\"count\":2");
  }
}
