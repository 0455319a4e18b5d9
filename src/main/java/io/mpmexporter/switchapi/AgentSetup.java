package io.mpmexporter.switchapi;

/**
 * How a switch agent drives Apache, fixed when it starts; part of every state answer so that an
 * operator sees from the exporter's {@code GET /admin/mpm} what a switch would run.
 *
 * @param socket the agent's Unix socket
 * @param socketActivated whether systemd handed the socket over
 * @param apacheUnit the systemd unit that runs Apache, null when Apache is driven with apachectl
 * @param stopCmd the stop command, as one line
 * @param startCmd the start command, as one line
 * @param stateDir root's folder for the write-ahead record of a switch
 */
public record AgentSetup(
    String agentVersion,
    String socket,
    boolean socketActivated,
    String apacheUnit,
    String stopCmd,
    String startCmd,
    String stateDir) {}
