package io.mpmexporter.apache;

import java.nio.file.Path;

/**
 * What {@code apachectl -t -D DUMP_RUN_CFG} says about where Apache runs.
 *
 * @param serverRoot null when not printed
 * @param pidFile absolute
 */
public record RunConfig(Path serverRoot, Path pidFile) {}
