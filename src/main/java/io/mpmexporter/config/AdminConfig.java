package io.mpmexporter.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The exporter's admin API settings; present only when {@code --admin.token-file} is given. The
 * switch itself is the agent's ({@link AgentConfig}); the exporter only forwards to its socket.
 *
 * @param tlsCert null for plain HTTP, which the parser allows only on a loopback address
 * @param switchSocket the switch agent's Unix socket
 */
public record AdminConfig(
    ListenAddress listenAddress,
    Path tokenFile,
    Path auditLog,
    Path tlsCert,
    Path tlsKey,
    int maxFailures,
    Duration lockout,
    Path switchSocket) {}
