package io.mpmexporter.admin;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Authenticates admin requests ({@code Authorization: Bearer <token>} and nothing else: a token in
 * the query string or a cookie is ignored) and slows guessing down: after repeated failures from an
 * address its further failures are answered 429 until the lockout ends. The right token always
 * passes, locked or not: on a loopback listener every local process is 127.0.0.1, and a lock that
 * refused the operator's token would hand any local process a way to shut the operator out. (A
 * guess cannot profit from that: the token has at least 256 bits and is compared in constant time.)
 * Memory is bounded: at most {@link #MAX_TRACKED} addresses; when the table is full of active
 * entries, new addresses share one overflow entry instead of evicting them.
 */
public final class AdminGuard {
  /** What to answer. */
  public enum Verdict {
    OK,
    UNAUTHORIZED,
    LOCKED
  }

  /** Addresses tracked at most; beyond that, expired entries are dropped, active ones never. */
  static final int MAX_TRACKED = 4096;

  private final AdminToken token;
  private final int maxFailures;
  private final long lockoutNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Failures> failures = new HashMap<>();
  private final Failures overflow = new Failures();

  private static final class Failures {
    int count;
    long firstNanos;
    long lockedUntilNanos;
  }

  /**
   * @param maxFailures failed attempts from one address within {@code lockout} that lock it out
   * @param lockout how long the lock lasts (and the window in which failures are counted)
   */
  public AdminGuard(AdminToken token, int maxFailures, Duration lockout, LongSupplier nanoClock) {
    this.token = token;
    this.maxFailures = maxFailures;
    this.lockoutNanos = lockout.toNanos();
    this.nanoClock = nanoClock;
  }

  /**
   * Checks one request.
   *
   * @param address the client's IP address
   * @param authorization every Authorization header the request carried (null or empty: none)
   */
  public synchronized Verdict check(String address, List<String> authorization) {
    if (authorization != null && authorization.size() == 1 && bearerMatches(authorization.get(0))) {
      failures.remove(address);
      return Verdict.OK;
    }
    long now = nanoClock.getAsLong();
    Failures f = entry(address, now);
    if (f.lockedUntilNanos - now > 0) {
      return Verdict.LOCKED;
    }
    recordFailure(f, now);
    return Verdict.UNAUTHORIZED;
  }

  /** Seconds until {@code address} may try again (at least 1), for Retry-After. */
  public synchronized long retryAfterSeconds(String address) {
    Failures f = failures.getOrDefault(address, overflow);
    if (f == null) {
      return 1;
    }
    long left = f.lockedUntilNanos - nanoClock.getAsLong();
    return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
  }

  /** The fingerprint of the configured token, for the audit log. */
  public String fingerprint() {
    return token.fingerprint();
  }

  private boolean bearerMatches(String header) {
    int space = header.indexOf(' ');
    if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
      return false;
    }
    return token.matches(header.substring(space + 1).strip());
  }

  /** The address's entry; the shared overflow entry when the table is full of active ones. */
  private Failures entry(String address, long now) {
    Failures f = failures.get(address);
    if (f != null) {
      return f;
    }
    if (failures.size() >= MAX_TRACKED) {
      failures.values().removeIf(x -> expired(x, now));
    }
    if (failures.size() >= MAX_TRACKED) {
      return overflow;
    }
    f = new Failures();
    failures.put(address, f);
    return f;
  }

  /** Neither locked nor counting failures in the current window. */
  private boolean expired(Failures f, long now) {
    return f.lockedUntilNanos - now <= 0 && now - f.firstNanos > lockoutNanos;
  }

  private void recordFailure(Failures f, long now) {
    if (f.count == 0 || now - f.firstNanos > lockoutNanos) {
      f.count = 0;
      f.firstNanos = now;
    }
    f.count++;
    if (f.count >= maxFailures) {
      f.lockedUntilNanos = now + lockoutNanos;
      f.count = 0;
    }
  }
}
