package io.mpmexporter.poll;

import io.mpmexporter.apache.ConfigTest;
import io.mpmexporter.apache.CtlInfo;
import io.mpmexporter.apache.StatusField;
import io.mpmexporter.apache.StatusPage;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;

/**
 * Everything the exporter knows about Apache at one moment. Immutable: each poll makes a new one
 * with the {@code with*} methods, which are pure, so the poller and the {@code render} command
 * share them.
 *
 * @param status the last status poll, null before the first
 * @param version the last {@code apachectl -V}, null before the first
 * @param modules the last {@code apachectl -M}, null before the first
 * @param configTest the last {@code apachectl -t}, null before the first
 * @param errors failed polls by source and reason, every known reason present
 * @param lastSuccessMillis the last successful poll of each source
 * @param lastRunningMpm the last MPM seen running; kept while Apache is down, so a change across a
 *     stop and start is counted
 * @param mpmChanges how often the running MPM changed while this exporter watched
 * @param lastMpmChangeMillis when it last changed, 0 if never
 * @param startTimeSeconds when Apache last (re)started, epoch seconds; NaN when unknown
 */
public record Snapshot(
    PollResult<StatusPage> status,
    PollResult<CtlInfo> version,
    PollResult<SortedSet<String>> modules,
    PollResult<ConfigTest> configTest,
    Map<Source, Map<String, Long>> errors,
    Map<Source, Long> lastSuccessMillis,
    String lastRunningMpm,
    long mpmChanges,
    long lastMpmChangeMillis,
    double startTimeSeconds) {

  public Snapshot {
    errors = Collections.unmodifiableMap(enumCopy(errors));
    lastSuccessMillis = Collections.unmodifiableMap(enumCopy(lastSuccessMillis));
  }

  /** EnumMap's copy constructor refuses an empty map that is not an EnumMap: copy by hand. */
  private static <V> Map<Source, V> enumCopy(Map<Source, V> from) {
    Map<Source, V> copy = new EnumMap<>(Source.class);
    copy.putAll(from);
    return copy;
  }

  /** The snapshot before any poll: every error counter at 0. */
  public static Snapshot empty() {
    Map<Source, Map<String, Long>> errors = new EnumMap<>(Source.class);
    for (Source s : Source.values()) {
      Map<String, Long> byReason = new LinkedHashMap<>();
      s.reasons().forEach(r -> byReason.put(r, 0L));
      errors.put(s, Collections.unmodifiableMap(byReason));
    }
    return new Snapshot(
        null, null, null, null, errors, new EnumMap<>(Source.class), null, 0, 0, Double.NaN);
  }

  /** The status page if the last status poll succeeded, else null. */
  public StatusPage page() {
    return status != null && status.ok() ? status.value() : null;
  }

  /** The {@code -V} result if the last one succeeded, else null. */
  public CtlInfo ctl() {
    return version != null && version.ok() ? version.value() : null;
  }

  /** The loaded modules if the last {@code -M} succeeded, else null. */
  public SortedSet<String> loadedModules() {
    return modules != null && modules.ok() ? modules.value() : null;
  }

  /** True when the status page is up. */
  public boolean up() {
    return page() != null;
  }

  /**
   * The MPM running now: {@code ServerMPM:} from the status page; on servers older than 2.4.13,
   * which do not print it, the best guess is {@code -V}. Null while Apache is down.
   */
  public String runningMpm() {
    StatusPage page = page();
    if (page == null) {
      return null;
    }
    if (page.serverMpm() != null) {
      return page.serverMpm();
    }
    CtlInfo ctl = ctl();
    return ctl == null ? null : ctl.mpm();
  }

  /** True when the running MPM came from the status page rather than from {@code -V}. */
  public boolean runningMpmFromStatus() {
    StatusPage page = page();
    return page != null && page.serverMpm() != null;
  }

  /** The MPM the next start will load ({@code -V}), null when unknown. */
  public String configuredMpm() {
    CtlInfo ctl = ctl();
    return ctl == null ? null : ctl.mpm();
  }

  /**
   * True when the MPM on disk differs from the running one (a reload now would kill Apache), false
   * when they agree, null when either is unknown or the running one was only guessed from {@code
   * -V}.
   */
  public Boolean restartPending() {
    String configured = configuredMpm();
    if (!runningMpmFromStatus() || configured == null) {
      return null;
    }
    return !configured.equals(runningMpm());
  }

  /** A new snapshot after a status poll. */
  public Snapshot withStatus(PollResult<StatusPage> r) {
    double start = startTimeSeconds;
    if (r.ok()) {
      StatusPage previous = page();
      boolean sameStart =
          previous != null
              && previous.restartTime() != null
              && previous.restartTime().equals(r.value().restartTime());
      if (!sameStart || Double.isNaN(start)) {
        start = startTime(r).orElse(Double.NaN);
      }
    }
    Snapshot next =
        new Snapshot(
            r,
            version,
            modules,
            configTest,
            count(Source.STATUS, r),
            success(Source.STATUS, r),
            lastRunningMpm,
            mpmChanges,
            lastMpmChangeMillis,
            start);
    return next.trackMpm(r.at());
  }

  /** A new snapshot after {@code apachectl -V}. */
  public Snapshot withVersion(PollResult<CtlInfo> r) {
    Snapshot next =
        new Snapshot(
            status,
            r,
            modules,
            configTest,
            count(Source.VERSION, r),
            success(Source.VERSION, r),
            lastRunningMpm,
            mpmChanges,
            lastMpmChangeMillis,
            startTimeSeconds);
    return next.trackMpm(r.at());
  }

  /** A new snapshot after {@code apachectl -M}. */
  public Snapshot withModules(PollResult<SortedSet<String>> r) {
    return new Snapshot(
        status,
        version,
        r,
        configTest,
        count(Source.MODULES, r),
        success(Source.MODULES, r),
        lastRunningMpm,
        mpmChanges,
        lastMpmChangeMillis,
        startTimeSeconds);
  }

  /** A new snapshot after {@code apachectl -t}. */
  public Snapshot withConfigTest(PollResult<ConfigTest> r) {
    return new Snapshot(
        status,
        version,
        modules,
        r,
        count(Source.CONFIGTEST, r),
        success(Source.CONFIGTEST, r),
        lastRunningMpm,
        mpmChanges,
        lastMpmChangeMillis,
        startTimeSeconds);
  }

  /** Whether the configuration on disk passes {@code apachectl -t}; null when unknown. */
  public Boolean configTestOk() {
    return configTest != null && configTest.ok() ? configTest.value().ok() : null;
  }

  /**
   * True when {@code next} shows a restart this snapshot's page did not: a new RestartTime or
   * generation. Then the MPM on disk may have changed too, so {@code -V} is worth running at once.
   */
  public boolean restartedIn(Snapshot next) {
    StatusPage before = page();
    StatusPage after = next.page();
    if (after == null) {
      return false;
    }
    if (before == null) {
      return true;
    }
    return !Objects.equals(before.restartTime(), after.restartTime())
        || !before
            .get(StatusField.CONFIG_GENERATION)
            .equals(after.get(StatusField.CONFIG_GENERATION))
        || !before.get(StatusField.MPM_GENERATION).equals(after.get(StatusField.MPM_GENERATION));
  }

  private Snapshot trackMpm(long at) {
    String now = runningMpm();
    if (now == null || now.equals(lastRunningMpm)) {
      return this;
    }
    boolean changed = lastRunningMpm != null;
    return new Snapshot(
        status,
        version,
        modules,
        configTest,
        errors,
        lastSuccessMillis,
        now,
        changed ? mpmChanges + 1 : mpmChanges,
        changed ? at : lastMpmChangeMillis,
        startTimeSeconds);
  }

  private Map<Source, Map<String, Long>> count(Source source, PollResult<?> r) {
    if (r.ok()) {
      return errors;
    }
    Map<Source, Map<String, Long>> copy = enumCopy(errors);
    Map<String, Long> byReason = new LinkedHashMap<>(copy.get(source));
    byReason.merge(r.errorReason(), 1L, Long::sum);
    copy.put(source, Collections.unmodifiableMap(byReason));
    return copy;
  }

  private Map<Source, Long> success(Source source, PollResult<?> r) {
    if (!r.ok()) {
      return lastSuccessMillis;
    }
    Map<Source, Long> copy = enumCopy(lastSuccessMillis);
    copy.put(source, r.at());
    return copy;
  }

  private static java.util.OptionalDouble startTime(PollResult<StatusPage> r) {
    StatusPage p = r.value();
    java.util.OptionalDouble up = p.get(StatusField.SERVER_UPTIME_SECONDS);
    if (up.isEmpty()) {
      up = p.get(StatusField.UPTIME);
    }
    if (up.isEmpty()) {
      return up;
    }
    return java.util.OptionalDouble.of(Math.floor(r.at() / 1000.0) - up.getAsDouble());
  }
}
