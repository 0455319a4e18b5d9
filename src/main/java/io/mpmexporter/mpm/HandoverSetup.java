package io.mpmexporter.mpm;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * What a hand-over needs beyond a restart.
 *
 * @param statusUrl the main status URL: its address is probed for SO_REUSEPORT, its path is asked
 *     of the bridge
 * @param statusAt a status reader for another URL (the bridge's private port)
 * @param gracefulStop stops the old server letting its requests finish ({@code systemctl stop
 *     apache2.service} on Debian, whose ExecStop is graceful-stop; else {@code apachectl
 *     graceful-stop})
 * @param systemd run the bridge in a transient systemd unit
 * @param migrateReqFile /proc/sys/net/ipv4/tcp_migrate_req
 */
public record HandoverSetup(
    URI statusUrl,
    Function<URI, MpmSwitcher.StatusSource> statusAt,
    List<String> gracefulStop,
    boolean systemd,
    Path migrateReqFile) {

  public HandoverSetup {
    gracefulStop = List.copyOf(gracefulStop);
  }

  /** Whether the running server can be handed over now. */
  public HandoverReadiness readiness() {
    return HandoverReadiness.probe(statusUrl, migrateReqFile);
  }
}
