package io.mpmexporter.jmx;

/**
 * The latest poll of Apache, read-only, for JConsole, Zabbix's Java gateway or jmx_exporter ({@code
 * io.mpmexporter:type=Apache}). There are no operations: nothing can be changed over JMX. Numbers
 * are -1 and strings empty when unknown (Apache down, or a field its MPM does not report).
 */
public interface ApacheMXBean {
  /** ServerMPM of the status page: event, worker, prefork; empty while Apache is down. */
  String getRunningMpm();

  /** The MPM apachectl -V says the next start loads; empty when unknown. */
  String getConfiguredMpm();

  /** True when configured and running differ: only a full stop and start applies it. */
  boolean isRestartPending();

  /** True when the last status poll returned a real ?auto page. */
  boolean isUp();

  long getBusyWorkers();

  long getIdleWorkers();

  /** Event MPM only; -1 otherwise. */
  long getConnectionsTotal();

  /** When the last status poll finished, epoch milliseconds; 0 before the first. */
  long getLastPollTime();

  /** The last status poll's error (reason: message), empty when it succeeded. */
  String getLastPollError();
}
