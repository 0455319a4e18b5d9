package io.mpmexporter.jmx;

import io.mpmexporter.apache.StatusField;
import io.mpmexporter.apache.StatusPage;
import io.mpmexporter.poll.PollResult;
import io.mpmexporter.poll.Snapshot;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * {@link ApacheMXBean} over the poller's latest snapshot: each getter reads it, nothing is kept.
 */
public final class ApacheView implements ApacheMXBean {
  public static final String NAME = "io.mpmexporter:type=Apache";

  private final Supplier<Snapshot> snapshot;

  public ApacheView(Supplier<Snapshot> snapshot) {
    this.snapshot = snapshot;
  }

  /** Registers a view on the platform MBean server under {@link #NAME}. */
  public static ObjectName register(Supplier<Snapshot> snapshot) throws JMException {
    return register(ManagementFactory.getPlatformMBeanServer(), snapshot);
  }

  static ObjectName register(MBeanServer server, Supplier<Snapshot> snapshot) throws JMException {
    ObjectName name = new ObjectName(NAME);
    server.registerMBean(new ApacheView(snapshot), name);
    return name;
  }

  @Override
  public String getRunningMpm() {
    return orEmpty(snapshot.get().runningMpm());
  }

  @Override
  public String getConfiguredMpm() {
    return orEmpty(snapshot.get().configuredMpm());
  }

  @Override
  public boolean isRestartPending() {
    return Boolean.TRUE.equals(snapshot.get().restartPending());
  }

  @Override
  public boolean isUp() {
    return snapshot.get().up();
  }

  @Override
  public long getBusyWorkers() {
    return field(StatusField.BUSY_WORKERS);
  }

  @Override
  public long getIdleWorkers() {
    return field(StatusField.IDLE_WORKERS);
  }

  @Override
  public long getConnectionsTotal() {
    return field(StatusField.CONNS_TOTAL);
  }

  @Override
  public long getLastPollTime() {
    PollResult<StatusPage> status = snapshot.get().status();
    return status == null ? 0 : status.at();
  }

  @Override
  public String getLastPollError() {
    PollResult<StatusPage> status = snapshot.get().status();
    return status == null || status.ok() ? "" : status.errorReason() + ": " + status.errorMessage();
  }

  private long field(StatusField f) {
    StatusPage page = snapshot.get().page();
    if (page == null) {
      return -1;
    }
    var v = page.get(f);
    return v.isPresent() ? (long) v.getAsDouble() : -1;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
