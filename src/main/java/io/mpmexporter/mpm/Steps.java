package io.mpmexporter.mpm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The steps of one switch attempt, each timed and recorded with its outcome, in order. */
final class Steps {
  /** A step failed; its message is already recorded in the step list. */
  static final class StepFailed extends Exception {
    private static final long serialVersionUID = 1L;

    StepFailed(String message) {
      super(message, null, false, false);
    }
  }

  /** The work of one step. */
  @FunctionalInterface
  interface Body<T> {
    T run() throws SwitchException, StepFailed, InterruptedException;
  }

  private final List<SwitchReport.Step> list = new ArrayList<>();

  /**
   * Runs {@code body} as the step {@code name}, recording its time and {@code detail} of its value.
   *
   * @throws StepFailed naming the step, when the body failed
   */
  <T> T run(String name, Body<T> body, Function<T, String> detail)
      throws StepFailed, InterruptedException {
    long s = System.nanoTime();
    try {
      T value = body.run();
      list.add(new SwitchReport.Step(name, ms(s), true, detail.apply(value)));
      return value;
    } catch (SwitchException | StepFailed e) {
      list.add(new SwitchReport.Step(name, ms(s), false, e.getMessage()));
      throw new StepFailed(name + ": " + e.getMessage());
    }
  }

  List<SwitchReport.Step> list() {
    return list;
  }

  static StepFailed fail(String message) {
    return new StepFailed(message);
  }

  static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
