package io.mpmexporter.apache;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** The slot states of Apache's scoreboard; label values match the Go apache_exporter's. */
public enum ScoreboardState {
  IDLE('_', "idle"),
  STARTUP('S', "startup"),
  READ('R', "read"),
  REPLY('W', "reply"),
  KEEPALIVE('K', "keepalive"),
  DNS('D', "dns"),
  CLOSING('C', "closing"),
  LOGGING('L', "logging"),
  GRACEFUL_STOP('G', "graceful_stop"),
  IDLE_CLEANUP('I', "idle_cleanup"),
  OPEN_SLOT('.', "open_slot");

  private final char symbol;
  private final String label;

  ScoreboardState(char symbol, String label) {
    this.symbol = symbol;
    this.label = label;
  }

  public char symbol() {
    return symbol;
  }

  public String label() {
    return label;
  }

  /** Counts every state (zero included); characters Apache does not define are not counted. */
  static Map<ScoreboardState, Integer> count(String scoreboard) {
    int[] counts = new int[values().length];
    for (int i = 0; i < scoreboard.length(); i++) {
      ScoreboardState s = of(scoreboard.charAt(i));
      if (s != null) {
        counts[s.ordinal()]++;
      }
    }
    EnumMap<ScoreboardState, Integer> out = new EnumMap<>(ScoreboardState.class);
    for (ScoreboardState s : values()) {
      out.put(s, counts[s.ordinal()]);
    }
    return Collections.unmodifiableMap(out);
  }

  private static ScoreboardState of(char c) {
    return switch (c) {
      case '_' -> IDLE;
      case 'S' -> STARTUP;
      case 'R' -> READ;
      case 'W' -> REPLY;
      case 'K' -> KEEPALIVE;
      case 'D' -> DNS;
      case 'C' -> CLOSING;
      case 'L' -> LOGGING;
      case 'G' -> GRACEFUL_STOP;
      case 'I' -> IDLE_CLEANUP;
      case '.' -> OPEN_SLOT;
      default -> null;
    };
  }
}
