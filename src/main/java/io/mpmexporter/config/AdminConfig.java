package io.mpmexporter.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The admin endpoint's settings; present only when {@code --admin.token-file} is given.
 *
 * @param tlsCert null for plain HTTP, which the parser allows only on a loopback address
 * @param backend auto, debian or rhel
 * @param stopCommand empty: apachectl stop
 * @param startCommand empty: apachectl start
 */
public record AdminConfig(
    ListenAddress listenAddress,
    Path tokenFile,
    Path auditLog,
    Path tlsCert,
    Path tlsKey,
    String backend,
    Path rhelMpmConf,
    List<String> a2enmod,
    List<String> a2dismod,
    List<String> stopCommand,
    List<String> startCommand,
    int maxFailures,
    Duration lockout) {

  public AdminConfig {
    a2enmod = List.copyOf(a2enmod);
    a2dismod = List.copyOf(a2dismod);
    stopCommand = List.copyOf(stopCommand);
    startCommand = List.copyOf(startCommand);
  }
}
