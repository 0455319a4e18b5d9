package io.mpmexporter.mpm;

import java.util.List;

/**
 * Changes which MPM the next start loads, on disk only (the running server is not touched), and
 * knows how to put the previous state back.
 */
public interface ConfigBackend {

  /** debian or rhel, for the API and the audit log. */
  String name();

  /** What {@link #select} would do, one line per action, for a dry run. */
  List<String> plan(Mpm target);

  /**
   * Makes {@code target} the only MPM the configuration loads.
   *
   * @return how to restore the configuration as it was before this call
   * @throws SwitchException when the change failed; whatever it had done is already undone
   */
  Undo select(Mpm target) throws SwitchException, InterruptedException;

  /** Where a switch that keeps the capacity writes its limits ({@link CapacityOverride}). */
  CapacityOverride capacityOverride();

  /** Restores the configuration as it was before {@link #select}. */
  @FunctionalInterface
  interface Undo {
    /** Returns a one-line description of what was restored. */
    String undo() throws SwitchException, InterruptedException;
  }
}
