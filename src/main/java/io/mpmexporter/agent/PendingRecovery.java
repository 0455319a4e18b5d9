package io.mpmexporter.agent;

import io.mpmexporter.log.Log;
import io.mpmexporter.mpm.MpmSwitcher;
import io.mpmexporter.switchapi.AuditLog;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The recovery of the switch that a dead agent left recorded, run once when the agent starts, in a
 * thread of its own: state queries are answered meanwhile, switch requests are busy until it is
 * done. It writes the {@code interrupted} audit line first, counts the attempt in the record (a
 * recovery cut off in turn is run again at the next start), then the outcome line, and closes the
 * record unless the recovery failed and may still be tried.
 */
final class PendingRecovery {
  /**
   * Recoveries of one record that may fail before it is given up (and Apache left to the operator):
   * each agent start tries once.
   */
  static final int MAX_RECOVERIES = 5;

  private final JournalFile records;
  private final MpmSwitcher switcher;
  private final AuditLog audit;
  private volatile Thread running;
  private volatile Map<String, Object> last;

  PendingRecovery(JournalFile records, MpmSwitcher switcher, AuditLog audit) {
    this.records = records;
    this.switcher = switcher;
    this.audit = audit;
  }

  /** Starts recovering the record left on disk, if there is one; returns at once. */
  void start(Runnable done) {
    Optional<Map<String, Object>> pending = records.pending();
    if (pending.isEmpty()) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                recover(pending.get());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                running = null;
                done.run();
              }
            },
            "agent-recovery");
    running = t;
    t.start();
  }

  boolean inProgress() {
    return running != null;
  }

  /** The audit line of the last recovery this agent ran, or null. */
  Map<String, Object> last() {
    return last;
  }

  /** Waits at most {@code limit} for a recovery in progress; true when none is left. */
  boolean await(Duration limit) throws InterruptedException {
    Thread t = running;
    if (t != null) {
      t.join(Math.max(1, limit.toMillis()));
    }
    return running == null;
  }

  private void recover(Map<String, Object> record) throws InterruptedException {
    Log.warn(
        "an interrupted switch is being recovered",
        "switch_id",
        record.get("id"),
        "from",
        record.get("from"),
        "to",
        record.get("to"),
        "phase",
        record.get("phase"));
    audit.append(MpmSwitcher.interrupted(record));
    int tries = record.get("recoveries") instanceof Number n ? n.intValue() + 1 : 1;
    record.put("recoveries", tries);
    try {
      records.write(record); // a recovery cut off in turn is counted
    } catch (IOException e) {
      Log.error("switch agent: cannot update the switch record", "err", e.getMessage());
    }
    Map<String, Object> outcome = switcher.recover(record);
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.now().toString());
    line.put("result", outcome.get("result"));
    line.put("switch_id", record.get("id"));
    line.put("from", record.get("from"));
    line.put("to", record.get("to"));
    line.put("interrupted_phase", record.get("phase"));
    line.put("recoveries", tries);
    line.putAll(outcome);
    audit.append(line);
    Log.info(
        "interrupted switch recovered",
        "result",
        outcome.get("result"),
        "serving",
        outcome.get("serving"));
    boolean failed = MpmSwitcher.RECOVERY_FAILED.equals(outcome.get("result"));
    if (!failed || tries >= MAX_RECOVERIES) {
      records.close();
    }
    last = line;
  }
}
