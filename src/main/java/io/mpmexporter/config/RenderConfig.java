package io.mpmexporter.config;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code render} reads: saved outputs and the collector's settings.
 *
 * @param ctlFile null: no {@code -V} output
 * @param modulesFile null: no {@code -M} output
 */
public record RenderConfig(
    Path statusFile, Path ctlFile, Path modulesFile, List<String> expectedMpms, boolean compat) {
  public RenderConfig {
    expectedMpms = List.copyOf(expectedMpms);
  }
}
