package io.mpmexporter.app;

import io.mpmexporter.apache.CtlParser;
import io.mpmexporter.apache.ParseException;
import io.mpmexporter.apache.StatusParser;
import io.mpmexporter.config.ConfigParser;
import io.mpmexporter.config.RenderConfig;
import io.mpmexporter.config.UsageException;
import io.mpmexporter.metrics.ApacheCollector;
import io.mpmexporter.poll.PollResult;
import io.mpmexporter.poll.Snapshot;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code render}: prints the Apache metrics the exporter would serve for saved {@code
 * server-status?auto}, {@code -V} and {@code -M} outputs, for support and debugging. The same
 * Snapshot and collector code as the daemon; only the exporter's self-metrics (timings) are left
 * out.
 */
public final class RenderCommand {
  private RenderCommand() {}

  /** Writes the exposition, or throws with a one-line message. */
  public static void run(String[] args, Writer out)
      throws UsageException, IOException, ParseException {
    RenderConfig config = ConfigParser.parseRender(args, System.getenv());
    long now = System.currentTimeMillis();
    Snapshot s = Snapshot.empty();
    if (config.ctlFile() != null) {
      String text = read(config.ctlFile(), "--ctl-file");
      s =
          s.withVersion(
              PollResult.success(
                  now, 0, parsed(config.ctlFile(), () -> CtlParser.parseVersion(text))));
    }
    if (config.modulesFile() != null) {
      String text = read(config.modulesFile(), "--modules-file");
      s =
          s.withModules(
              PollResult.success(
                  now, 0, parsed(config.modulesFile(), () -> CtlParser.parseModules(text))));
    }
    String status = read(config.statusFile(), "--status-file");
    s =
        s.withStatus(
            PollResult.success(
                now, 0, parsed(config.statusFile(), () -> StatusParser.parse(status))));
    Snapshot snapshot = s;
    CollectorRegistry registry = new CollectorRegistry();
    registry.register(new ApacheCollector(() -> snapshot, config.expectedMpms(), config.compat()));
    StringWriter w = new StringWriter();
    TextFormat.write004(w, registry.metricFamilySamples());
    out.write(w.toString());
    out.flush();
  }

  /** A parser call over one file's text. */
  @FunctionalInterface
  private interface Parse<T> {
    T parse() throws ParseException;
  }

  /** Runs a parser and puts the file name in front of its error. */
  private static <T> T parsed(Path file, Parse<T> parse) throws ParseException {
    try {
      return parse.parse();
    } catch (ParseException e) {
      throw new ParseException(file + ": " + e.getMessage());
    }
  }

  private static String read(Path file, String flag) throws UsageException {
    try {
      // Decoded leniently: a binary file must reach the parser, which names it as such.
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException(flag + ": cannot read " + file + ": " + e.getMessage());
    }
  }
}
