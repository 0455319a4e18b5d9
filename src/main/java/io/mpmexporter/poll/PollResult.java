package io.mpmexporter.poll;

import io.mpmexporter.apache.PollFailure;

/**
 * The outcome of one read of one source: a value, or an error reason and message; never both.
 *
 * @param at when the read finished, in epoch milliseconds
 * @param durationSeconds how long the read took
 */
public record PollResult<T>(
    long at, double durationSeconds, T value, String errorReason, String errorMessage) {

  public static <T> PollResult<T> success(long at, double durationSeconds, T value) {
    return new PollResult<>(at, durationSeconds, value, null, null);
  }

  public static <T> PollResult<T> failure(long at, double durationSeconds, PollFailure f) {
    return new PollResult<>(at, durationSeconds, null, f.reason(), f.getMessage());
  }

  public boolean ok() {
    return errorReason == null;
  }
}
