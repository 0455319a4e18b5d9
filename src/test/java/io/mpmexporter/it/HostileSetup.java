package io.mpmexporter.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real Apache and the exporter under the shipped launcher's JVM flags, its admin API on and no
 * agent behind it: what the hostile-client tests attack.
 */
record HostileSetup(ApacheInstance apache, ExporterProcess exporter, AdminClient admin)
    implements AutoCloseable {

  static HostileSetup start(Path tmp) throws Exception {
    ApacheInstance apache = ApacheInstance.create(tmp.resolve("apache"), "event");
    apache.start();
    Path token = AdminClient.tokenFile(tmp);
    int adminPort = ApacheInstance.freePort();
    ExporterProcess exporter =
        ExporterProcess.start(
            tmp,
            apache.env(),
            Tools.shippedJvmFlags(),
            "--apache.status-url=" + apache.statusUrl(),
            "--apache.ctl=apache2ctl",
            "--admin.token-file=" + token,
            "--admin.listen-address=127.0.0.1:" + adminPort,
            "--admin.audit-log=" + tmp.resolve("audit.log"),
            "--admin.switch-socket=" + tmp.resolve("no-agent.sock"));
    return new HostileSetup(
        apache, exporter, new AdminClient(adminPort, Files.readString(token).strip()));
  }

  /** True when the server closed the connection (end of stream or reset) within the timeout. */
  static boolean closedByServer(Socket s, int millis) throws IOException {
    s.setSoTimeout(millis);
    try {
      InputStream in = s.getInputStream();
      while (in.read() >= 0) {
        // the server may answer first; read on to the close
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  @Override
  public void close() throws java.io.IOException {
    exporter.close();
    apache.close();
  }
}
