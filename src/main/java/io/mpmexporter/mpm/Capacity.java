package io.mpmexporter.mpm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The concurrent requests a switch starts from and ends with, as the configuration on disk gives
 * them ({@link MpmConfigReader}), what the request chose when they drop, and for a switch to
 * prefork its worst case in memory.
 *
 * @param fromSetIn where the current MPM's MaxRequestWorkers is written, null for httpd's default
 * @param override the file written to keep the capacity, null when none
 * @param memory null when not a switch to prefork or the exporter sent no advisor figures
 */
public record Capacity(
    String fromMpm,
    MpmLimits from,
    String fromSetIn,
    String toMpm,
    MpmLimits to,
    String toSetIn,
    CapacityChoice choice,
    String override,
    Memory memory) {

  /**
   * prefork's worst case: the parent plus MaxRequestWorkers processes of {@code perProcessBytes}.
   *
   * @param perProcessSource {@code measured} (a prefork child of this server) or {@code floor}
   */
  public record Memory(
      int processes,
      long perProcessBytes,
      String perProcessSource,
      long worstCaseBytes,
      long budgetBytes,
      String budgetSource) {

    /** The target's apache_memory_overcommit_ratio: above 1 it cannot all fit. */
    public double ratio() {
      return budgetBytes <= 0 ? Double.POSITIVE_INFINITY : (double) worstCaseBytes / budgetBytes;
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("processes", processes);
      m.put("per_process_bytes", perProcessBytes);
      m.put("per_process_source", perProcessSource);
      m.put("worst_case_bytes", worstCaseBytes);
      m.put("budget_bytes", budgetBytes);
      m.put("budget_source", budgetSource);
      m.put("overcommit_ratio", Math.round(ratio() * 1000) / 1000.0);
      return m;
    }
  }

  /** The target would serve fewer concurrent requests than the current MPM. */
  public boolean drops() {
    return to.maxRequestWorkers() < from.maxRequestWorkers();
  }

  /** The request keeps a capacity that drops: the switch writes an override. */
  public boolean needsOverride() {
    return choice == CapacityChoice.KEEP && drops();
  }

  /** The target's MaxRequestWorkers once the switch is done (the override's when kept). */
  public int targetWorkers() {
    return needsOverride() ? from.maxRequestWorkers() : to.maxRequestWorkers();
  }

  /** This capacity with prefork's worst case in memory. */
  Capacity withMemory(Memory m) {
    return new Capacity(fromMpm, from, fromSetIn, toMpm, to, toSetIn, choice, override, m);
  }

  /** This capacity with the override that was written. */
  Capacity withOverride(String file, MpmLimits after, String afterSetIn) {
    return new Capacity(fromMpm, from, fromSetIn, toMpm, after, afterSetIn, choice, file, memory);
  }

  /** As the report and the dry run show it. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", side(fromMpm, from, fromSetIn));
    m.put("to", side(toMpm, to, toSetIn));
    m.put("choice", choice.label());
    m.put("drop", drops());
    m.put("override", override);
    if (memory != null) {
      m.put("memory", memory.toMap());
    }
    return m;
  }

  private static Map<String, Object> side(String mpm, MpmLimits l, String setIn) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mpm", mpm);
    m.put("max_request_workers", l.maxRequestWorkers());
    m.put("threads_per_child", l.threadsPerChild());
    m.put("server_limit", l.serverLimit());
    m.put("set_in", setIn == null ? "httpd's default" : setIn);
    return m;
  }
}
