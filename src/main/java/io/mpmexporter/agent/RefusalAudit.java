package io.mpmexporter.agent;

import io.mpmexporter.switchapi.AuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The audit lines of refused peers and malformed requests, rate-limited: the exporter's user (or a
 * process that took it over) may send them as fast as it likes, and each line is forced to disk. At
 * most {@value #PER_WINDOW} lines a minute are written one by one; the rest of that minute is
 * counted and written as one {@code suppressed} line when the next minute's first refusal comes, or
 * when the agent stops. Nothing is lost from the counts, which the state answer also carries.
 * Switches are never rate-limited: each has its intent and outcome lines.
 */
final class RefusalAudit {
  static final int PER_WINDOW = 10;
  static final Duration WINDOW = Duration.ofMinutes(1);

  private final AuditLog audit;
  private final LongSupplier nanoClock;
  private long windowStart;
  private int written;
  private long suppressed;
  private Instant suppressedSince;

  RefusalAudit(AuditLog audit, LongSupplier nanoClock) {
    this.audit = audit;
    this.nanoClock = nanoClock;
    this.windowStart = nanoClock.getAsLong();
  }

  /** Writes {@code entry} unless this minute's lines are used up; then only counts it. */
  synchronized void refused(Map<String, Object> entry) {
    long now = nanoClock.getAsLong();
    if (now - windowStart >= WINDOW.toNanos()) {
      flush();
      windowStart = now;
      written = 0;
    }
    if (written < PER_WINDOW) {
      audit.append(entry);
      written++;
      return;
    }
    if (suppressed == 0) {
      suppressedSince = Instant.now();
    }
    suppressed++;
  }

  /** Writes the count of the lines left out, if any. */
  synchronized void flush() {
    if (suppressed == 0) {
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.now().toString());
    line.put("result", "suppressed");
    line.put("since", suppressedSince.toString());
    line.put("count", suppressed);
    line.put(
        "error",
        "more than " + PER_WINDOW + " refused or malformed requests a minute; only counted");
    audit.append(line);
    suppressed = 0;
  }
}
