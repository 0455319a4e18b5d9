package io.mpmexporter.config;

import java.nio.file.Path;

/**
 * The MPM advisor's settings ({@code --advisor.*}).
 *
 * @param pidFile Apache's pid file; null: as {@code apachectl -t -D DUMP_RUN_CFG} names it
 * @param mpmConfig the running MPM's configuration file; null: {@code
 *     ServerRoot/mods-enabled/mpm_<running>.conf} (Debian), httpd's defaults when missing
 * @param memoryBudgetBytes the memory Apache may use; 0: MemAvailable plus what Apache holds now
 */
public record AdvisorConfig(
    boolean enabled, Path pidFile, Path mpmConfig, long memoryBudgetBytes) {}
