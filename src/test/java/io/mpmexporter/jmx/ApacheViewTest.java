package io.mpmexporter.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.Fixtures;
import io.mpmexporter.apache.CtlParser;
import io.mpmexporter.apache.PollFailure;
import io.mpmexporter.apache.StatusParser;
import io.mpmexporter.poll.PollResult;
import io.mpmexporter.poll.Snapshot;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.JMX;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/** The MXBean read through a real JMX connector (RMI on 127.0.0.1, an ephemeral port). */
class ApacheViewTest {

  @Test
  void theSnapshotIsReadableOverARealJmxConnectorAndNothingIsWritable() throws Exception {
    Snapshot s =
        Snapshot.empty()
            .withStatus(
                PollResult.success(
                    1_000L, 0.01, StatusParser.parse(Fixtures.real("status-event-under-load.txt"))))
            .withVersion(
                PollResult.success(
                    1_000L, 0.05, CtlParser.parseVersion(Fixtures.real("ctl-V-prefork.txt"))));
    AtomicReference<Snapshot> current = new AtomicReference<>(s);
    MBeanServer mbs = MBeanServerFactory.newMBeanServer();
    ObjectName name = ApacheView.register(mbs, current::get);
    JMXConnectorServer server =
        JMXConnectorServerFactory.newJMXConnectorServer(
            new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null, mbs);
    server.start();
    try (JMXConnector client = JMXConnectorFactory.connect(server.getAddress())) {
      MBeanServerConnection conn = client.getMBeanServerConnection();
      ApacheMXBean apache = JMX.newMXBeanProxy(conn, name, ApacheMXBean.class);
      assertThat(apache.getRunningMpm()).isEqualTo("event");
      assertThat(apache.getConfiguredMpm()).isEqualTo("prefork");
      assertThat(apache.isRestartPending()).isTrue();
      assertThat(apache.isUp()).isTrue();
      // The fixture's BusyWorkers, IdleWorkers and ConnsTotal lines.
      assertThat(apache.getBusyWorkers()).isEqualTo(29);
      assertThat(apache.getIdleWorkers()).isEqualTo(46);
      assertThat(apache.getConnectionsTotal()).isZero();
      assertThat(apache.getLastPollTime()).isEqualTo(1_000L);
      assertThat(apache.getLastPollError()).isEmpty();
      assertThat(conn.getAttribute(name, "RunningMpm")).isEqualTo("event");

      MBeanInfo info = conn.getMBeanInfo(name);
      assertThat(info.getOperations()).as("no operations over JMX").isEmpty();
      assertThat(info.getAttributes()).allMatch(a -> !a.isWritable());

      current.set(
          s.withStatus(
              PollResult.failure(
                  2_000L, 0.01, new PollFailure(PollFailure.REFUSED, "connection refused"))));
      assertThat(apache.isUp()).isFalse();
      assertThat(apache.getRunningMpm()).isEmpty();
      assertThat(apache.getBusyWorkers()).isEqualTo(-1);
      assertThat(apache.getLastPollError()).isEqualTo("refused: connection refused");
    } finally {
      server.stop();
    }
  }
}
