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
 * @param only no Apache of its own: no local poll, no apachectl, no advisor, no admin API
 */
public record ProbeConfig(Path file, int maxConcurrent, boolean only) {
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

  public static final Flag<Boolean> ONLY =
      Flag.toggle(
          "probe.only",
          false,
          "Only /probe: no Apache of its own to poll (no --apache.status-url poll, apachectl,"
              + " advisor or admin API); /metrics has the exporter's own series.",
          EXPORTER);

  static final List<Flag<?>> FLAGS = List.of(FILE, MAX_CONCURRENT, ONLY);

  /** Null when {@code --probe.config.file} is not set. */
  static ProbeConfig from(FlagValues v) throws UsageException {
    Path file = v.get(FILE);
    if (file == null) {
      if (v.get(ONLY)) {
        throw new UsageException("--probe.only needs --probe.config.file");
      }
      return null;
    }
    return new ProbeConfig(file, v.get(MAX_CONCURRENT), v.get(ONLY));
  }
}
