package io.mpmexporter.config;

import io.mpmexporter.apache.StatusAccess;
import io.mpmexporter.log.Log;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The switch agent's whole configuration: how to reach and drive Apache, and whom to serve.
 *
 * @param service auto, none, or a systemd unit name (e.g. apache2.service)
 * @param stopCommand empty: chosen from {@code service} at start
 * @param startCommand empty: chosen from {@code service} at start
 * @param backend auto, debian or rhel
 * @param auditLog null: the audit lines go to the log only
 * @param stateDir root's folder for the write-ahead record of a switch
 * @param idleExit zero: never exit for want of requests
 */
public record AgentConfig(
    URI statusUrl,
    List<String> ctlCommand,
    Duration timeout,
    Duration ctlTimeout,
    int statusMaxBytes,
    String service,
    List<String> stopCommand,
    List<String> startCommand,
    String backend,
    Path rhelMpmConf,
    List<String> a2enmod,
    List<String> a2dismod,
    Path auditLog,
    Path stateDir,
    Path socket,
    String user,
    Duration idleExit,
    Log.Level logLevel,
    String logFormat,
    StatusAccess statusAccess) {

  public AgentConfig {
    ctlCommand = List.copyOf(ctlCommand);
    stopCommand = List.copyOf(stopCommand);
    startCommand = List.copyOf(startCommand);
    a2enmod = List.copyOf(a2enmod);
    a2dismod = List.copyOf(a2dismod);
  }
}
