package io.mpmexporter.apache;

import java.util.HashMap;
import java.util.Map;

/**
 * The numeric keys of {@code server-status?auto} that the exporter reads, with their exact
 * spelling.
 */
public enum StatusField {
  CONFIG_GENERATION("ParentServerConfigGeneration"),
  MPM_GENERATION("ParentServerMPMGeneration"),
  SERVER_UPTIME_SECONDS("ServerUptimeSeconds"),
  LOAD1("Load1"),
  LOAD5("Load5"),
  LOAD15("Load15"),
  TOTAL_ACCESSES("Total Accesses"),
  TOTAL_KBYTES("Total kBytes"),
  TOTAL_DURATION_MS("Total Duration"),
  CPU_USER("CPUUser"),
  CPU_SYSTEM("CPUSystem"),
  CPU_CHILDREN_USER("CPUChildrenUser"),
  CPU_CHILDREN_SYSTEM("CPUChildrenSystem"),
  CPU_LOAD("CPULoad"),
  UPTIME("Uptime"),
  BUSY_WORKERS("BusyWorkers"),
  IDLE_WORKERS("IdleWorkers"),
  GRACEFUL_WORKERS("GracefulWorkers"),
  PROCESSES("Processes"),
  STOPPING("Stopping"),
  CONNS_TOTAL("ConnsTotal"),
  CONNS_ASYNC_WRITING("ConnsAsyncWriting"),
  CONNS_ASYNC_KEEPALIVE("ConnsAsyncKeepAlive"),
  CONNS_ASYNC_CLOSING("ConnsAsyncClosing"),
  CONNS_ASYNC_WAIT_IO("ConnsAsyncWaitIO");

  private static final Map<String, StatusField> BY_KEY = new HashMap<>();

  static {
    for (StatusField f : values()) {
      BY_KEY.put(f.key, f);
    }
  }

  private final String key;

  StatusField(String key) {
    this.key = key;
  }

  /** The key as Apache prints it, before the colon. */
  public String key() {
    return key;
  }

  static StatusField byKey(String key) {
    return BY_KEY.get(key);
  }
}
