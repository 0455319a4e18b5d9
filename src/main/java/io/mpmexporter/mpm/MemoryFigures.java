package io.mpmexporter.mpm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MPM advisor's measurement, which the exporter hands to the switch agent with a switch: what a
 * child of the running server holds, the parent, and the memory Apache may use.
 *
 * @param measuredMpm the MPM whose children were measured
 * @param childBytes memory of one child (PSS when readable; {@code memorySource} says)
 * @param budgetSource {@code flag} (--advisor.memory-budget) or {@code available}
 */
public record MemoryFigures(
    String measuredMpm,
    long childBytes,
    String memorySource,
    long parentBytes,
    long budgetBytes,
    String budgetSource) {

  /** As the agent request carries them. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("measured_mpm", measuredMpm);
    m.put("child_bytes", childBytes);
    m.put("memory_source", memorySource);
    m.put("parent_bytes", parentBytes);
    m.put("budget_bytes", budgetBytes);
    m.put("budget_source", budgetSource);
    return m;
  }
}
