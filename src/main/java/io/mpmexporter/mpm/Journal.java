package io.mpmexporter.mpm;

import java.util.List;
import java.util.Map;

/**
 * The write-ahead record of one switch: what it is about to do, written before the first change,
 * and each phase it reaches, so that a switch cut off by the agent's death can be finished or
 * undone when the agent starts again ({@link Recovery}). A record is on disk before the step it
 * names runs.
 */
public interface Journal {
  /** Intent: the config is about to change. Facts: from, to, configured, strategy, pid_file. */
  String INTENT = "intent";

  String CONFIG_CHANGED = "config_changed";

  /** Facts: bridge_pid_file. */
  String BRIDGE_STARTING = "bridge_starting";

  String BRIDGE_SERVING = "bridge_serving";

  /** The main server's stop (restart) or graceful stop (hand-over) is about to run. */
  String STOPPING = "stopping";

  String STOPPED = "stopped";

  String STARTING = "starting";

  /** The main server runs on the target (not yet verified through its status page). */
  String STARTED = "started";

  String BRIDGE_STOPPING = "bridge_stopping";

  String VERIFIED = "verified";

  String ROLLING_BACK = "rolling_back";

  /** Phases in which the main server was never stopped or restarted: if it runs, it runs "from". */
  List<String> MAIN_UNTOUCHED = List.of(INTENT, CONFIG_CHANGED, BRIDGE_STARTING, BRIDGE_SERVING);

  /**
   * Phases after the main server came up on the target: the switch may be kept if it checks out.
   */
  List<String> MAIN_ON_TARGET = List.of(STARTED, BRIDGE_STOPPING, VERIFIED);

  /** No record (tests, dry runs of the procedure without an agent). */
  Journal NONE =
      new Journal() {
        @Override
        public void begin(Map<String, Object> intent) {}

        @Override
        public void phase(String phase, Map<String, Object> facts) {}
      };

  /**
   * Records the intent, on disk before this returns.
   *
   * @throws SwitchException when it cannot be recorded: the switch must then change nothing
   */
  void begin(Map<String, Object> intent) throws SwitchException;

  /** Records that the switch reached {@code phase}, with facts to add to the record. */
  void phase(String phase, Map<String, Object> facts);

  default void phase(String phase) {
    phase(phase, Map.of());
  }
}
