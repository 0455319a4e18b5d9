package io.mpmexporter.apache;

/**
 * What {@code apachectl -V} says of the configuration on disk. {@code mpm} is the MPM the next
 * start will load; it is null when the line is empty (no MPM or a broken config). The booleans are
 * null when not printed.
 *
 * @param configFile {@code SERVER_CONFIG_FILE} as compiled in (relative to ServerRoot, e.g.
 *     apache2.conf or conf/httpd.conf), null when not printed
 */
public record CtlInfo(
    String version,
    String built,
    String architecture,
    String mpm,
    Boolean threaded,
    Boolean forked,
    String configFile) {}
