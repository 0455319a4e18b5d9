package io.mpmexporter.render;

import io.mpmexporter.apache.CtlParser;
import io.mpmexporter.apache.ParseException;
import io.mpmexporter.apache.StatusParser;
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
import java.util.ArrayList;
import java.util.List;

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
    String statusFile = null;
    String ctlFile = null;
    String modulesFile = null;
    List<String> expected = new ArrayList<>();
    boolean compat = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      String inline = a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
      if (name.equals("--compat.apache-exporter")) {
        compat = inline == null || Boolean.parseBoolean(inline);
        continue;
      }
      String value = inline;
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException(name + " needs a value");
        }
        value = args[++i];
      }
      switch (name) {
        case "--status-file" -> statusFile = value;
        case "--ctl-file" -> ctlFile = value;
        case "--modules-file" -> modulesFile = value;
        case "--apache.expected-mpm" -> {
          for (String m : value.split(",")) {
            if (!m.isBlank()) {
              expected.add(m.trim());
            }
          }
        }
        default -> throw new UsageException("render: unknown flag " + name);
      }
    }
    if (statusFile == null) {
      throw new UsageException("render: --status-file is required");
    }
    long now = System.currentTimeMillis();
    Snapshot s = Snapshot.empty();
    if (ctlFile != null) {
      String text = read(ctlFile, "--ctl-file");
      s =
          s.withVersion(
              PollResult.success(now, 0, parsed(ctlFile, () -> CtlParser.parseVersion(text))));
    }
    if (modulesFile != null) {
      String text = read(modulesFile, "--modules-file");
      s =
          s.withModules(
              PollResult.success(now, 0, parsed(modulesFile, () -> CtlParser.parseModules(text))));
    }
    String status = read(statusFile, "--status-file");
    s =
        s.withStatus(
            PollResult.success(now, 0, parsed(statusFile, () -> StatusParser.parse(status))));
    Snapshot snapshot = s;
    CollectorRegistry registry = new CollectorRegistry();
    registry.register(new ApacheCollector(() -> snapshot, expected, compat));
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
  private static <T> T parsed(String file, Parse<T> parse) throws ParseException {
    try {
      return parse.parse();
    } catch (ParseException e) {
      throw new ParseException(file + ": " + e.getMessage());
    }
  }

  private static String read(String file, String flag) throws UsageException {
    try {
      // Decoded leniently: a binary file must reach the parser, which names it as such.
      return new String(Files.readAllBytes(Path.of(file)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException(flag + ": cannot read " + file + ": " + e.getMessage());
    }
  }
}
