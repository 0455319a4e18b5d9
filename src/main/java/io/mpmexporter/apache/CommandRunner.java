package io.mpmexporter.apache;

import java.time.Duration;
import java.util.List;

/** Runs one program with an argument list (never through a shell), bounded in time and output. */
public interface CommandRunner {

  /**
   * Runs {@code command} and waits at most {@code timeout}.
   *
   * @throws CommandTimeoutException when it did not finish in time (it and its children are killed)
   * @throws java.io.IOException when it could not be started
   */
  CommandResult run(List<String> command, Duration timeout)
      throws java.io.IOException, CommandTimeoutException, InterruptedException;

  /** The command ran out of time and was killed. */
  final class CommandTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    public CommandTimeoutException(String message) {
      super(message);
    }
  }
}
