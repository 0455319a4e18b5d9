package io.mpmexporter.config;

import static io.mpmexporter.config.Flag.Command.AGENT;
import static io.mpmexporter.config.Flag.Command.EXPORTER;

import io.mpmexporter.log.Log;
import java.util.List;

/** How the exporter and the agent log ({@code --log.*}). */
public record LogConfig(Log.Level level, String format) {
  public static final Flag<Log.Level> LEVEL =
      Flag.of(
          "log.level", FlagTypes.LOG_LEVEL, "info", "debug, info, warn or error.", EXPORTER, AGENT);
  public static final Flag<String> FORMAT =
      Flag.of("log.format", FlagTypes.LOG_FORMAT, "logfmt", "logfmt or json.", EXPORTER, AGENT);

  static final List<Flag<?>> FLAGS = List.of(LEVEL, FORMAT);

  static LogConfig from(FlagValues v) throws UsageException {
    return new LogConfig(v.get(LEVEL), v.get(FORMAT));
  }
}
