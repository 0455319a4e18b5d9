package io.mpmexporter.config;

import static io.mpmexporter.config.Flag.Command.RENDER;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code render} reads: saved outputs and the collector's settings ({@code
 * --apache.expected-mpm} and {@code --compat.apache-exporter} are declared in {@link Config}).
 *
 * @param ctlFile null: no {@code -V} output
 * @param modulesFile null: no {@code -M} output
 */
public record RenderConfig(
    Path statusFile, Path ctlFile, Path modulesFile, List<String> expectedMpms, boolean compat) {

  public static final Flag<Path> STATUS_FILE =
      Flag.of("status-file", FlagTypes.PATH, "", "A saved server-status?auto body.", RENDER);
  public static final Flag<Path> CTL_FILE =
      Flag.of("ctl-file", FlagTypes.PATH, "", "A saved apachectl -V output.", RENDER);
  public static final Flag<Path> MODULES_FILE =
      Flag.of("modules-file", FlagTypes.PATH, "", "A saved apachectl -M output.", RENDER);

  static final List<Flag<?>> FLAGS = List.of(STATUS_FILE, CTL_FILE, MODULES_FILE);

  public RenderConfig {
    expectedMpms = List.copyOf(expectedMpms);
  }

  static RenderConfig from(FlagValues v) throws UsageException {
    Path status = v.get(STATUS_FILE);
    if (status == null) {
      throw new UsageException("--status-file is required");
    }
    return new RenderConfig(
        status,
        v.get(CTL_FILE),
        v.get(MODULES_FILE),
        v.get(Config.EXPECTED_MPM),
        v.get(Config.COMPAT));
  }
}
