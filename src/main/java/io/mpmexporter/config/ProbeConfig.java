package io.mpmexporter.config;

import static io.mpmexporter.config.Flag.Command.EXPORTER;

import java.nio.file.Path;
import java.util.List;

/**
 * The multi-target endpoint's flags ({@code --probe.*}). Null in {@link Config} when no probe
 * configuration file is given: {@code /probe} then answers 404 and says why.
 *
 * @param file the YAML file with the modules and the allowed targets
 * @param maxConcurrent probes in flight at once; more are answered 503 at once
 */
public record ProbeConfig(Path file, int maxConcurrent) {
  public static final Flag<Path> FILE =
      Flag.of(
          "probe.config.file",
          FlagTypes.PATH,
          "",
          "YAML file with the /probe modules and allowed_targets (default: /probe is off).",
          EXPORTER);
  public static final Flag<Integer> MAX_CONCURRENT =
      Flag.of(
          "probe.max-concurrent",
          FlagTypes.atLeast(1),
          "32",
          "Probes in flight at once; more are answered 503 (Retry-After: 1) without a request.",
          EXPORTER);

  static final List<Flag<?>> FLAGS = List.of(FILE, MAX_CONCURRENT);

  /** Null when {@code --probe.config.file} is not set. */
  static ProbeConfig from(FlagValues v) throws UsageException {
    Path file = v.get(FILE);
    return file == null ? null : new ProbeConfig(file, v.get(MAX_CONCURRENT));
  }
}
