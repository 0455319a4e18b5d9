package io.mpmexporter.config;

import io.mpmexporter.apache.StatusAccess;
import io.mpmexporter.log.Log;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The daemon's whole configuration, validated; built by {@link ConfigParser}. {@code admin} is null
 * when the admin API is off, {@code webConfigFile} when the metrics listener is plain HTTP; {@code
 * ctlCommand} is empty when apachectl is not run at all (a sidecar that sees only the status page).
 */
public record Config(
    List<ListenAddress> listenAddresses,
    Path webConfigFile,
    String telemetryPath,
    URI statusUrl,
    List<String> ctlCommand,
    List<String> expectedMpms,
    Duration timeout,
    Duration ctlTimeout,
    int statusMaxBytes,
    Duration pollInterval,
    Duration ctlInterval,
    boolean compat,
    Log.Level logLevel,
    String logFormat,
    AdminConfig admin,
    StatusAccess statusAccess,
    AdvisorConfig advisor) {

  public Config {
    listenAddresses = List.copyOf(listenAddresses);
    ctlCommand = List.copyOf(ctlCommand);
    expectedMpms = List.copyOf(expectedMpms);
  }

  /** The first metrics listener address (there is always one). */
  public ListenAddress listenAddress() {
    return listenAddresses.get(0);
  }

  /** False with {@code --apache.ctl=}: no {@code -V}/{@code -M} polls. */
  public boolean ctlEnabled() {
    return !ctlCommand.isEmpty();
  }
}
