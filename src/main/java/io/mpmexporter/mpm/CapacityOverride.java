package io.mpmexporter.mpm;

import io.mpmexporter.apache.CommandResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file a switch with {@code "capacity":"keep"} writes: one {@code <IfModule mpm_X_module>}
 * block per MPM whose capacity was kept, read after the MPM's own file. Debian: {@code
 * conf-available/zz-apache-mpm-exporter-capacity.conf}, enabled with {@code a2enconf}; RHEL: {@code
 * conf.d/zz-apache-mpm-exporter-capacity.conf}. Each write is durable and has its undo: the file as
 * it was (or none, disabled again).
 */
public final class CapacityOverride {
  public static final String NAME = "zz-apache-mpm-exporter-capacity";

  private static final Pattern BLOCK =
      Pattern.compile("(?s)<IfModule mpm_(\\w+)_module>.*?</IfModule>\\n");

  private final Path file;
  private final List<String> enable;
  private final List<String> disable;
  private final Path enabledLink;
  private final SwitchCommands commands;

  private CapacityOverride(
      Path file, List<String> enable, List<String> disable, Path link, SwitchCommands commands) {
    this.file = file;
    this.enable = enable;
    this.disable = disable;
    this.enabledLink = link;
    this.commands = commands;
  }

  /**
   * Debian's layout under {@code confDir} (e.g. /etc/apache2).
   *
   * @param a2enconf e.g. {@code [a2enconf]}; null when it cannot be known (keep is then refused)
   */
  static CapacityOverride debian(
      Path confDir, List<String> a2enconf, List<String> a2disconf, SwitchCommands commands) {
    return new CapacityOverride(
        confDir.resolve("conf-available").resolve(NAME + ".conf"),
        a2enconf,
        a2disconf,
        confDir.resolve("conf-enabled").resolve(NAME + ".conf"),
        commands);
  }

  /** RHEL's layout: {@code conf.d} under ServerRoot, read at the end of httpd.conf. */
  static CapacityOverride rhel(Path serverRoot) {
    return new CapacityOverride(
        serverRoot.resolve("conf.d").resolve(NAME + ".conf"), null, null, null, null);
  }

  public Path file() {
    return file;
  }

  /** The file's text now, null when there is none. */
  String current() throws SwitchException {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      throw new SwitchException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Whether Debian's link in conf-enabled exists (always true on RHEL: conf.d is read). */
  boolean enabled() {
    return enabledLink == null || Files.exists(enabledLink);
  }

  /**
   * The directives that give {@code target} at least {@code wanted} concurrent requests from its
   * own limits {@code to}: MaxRequestWorkers (a multiple of ThreadsPerChild for a threaded MPM) and
   * ServerLimit only when it must grow.
   */
  static List<String> directives(Mpm target, MpmLimits to, int wanted) {
    List<String> lines = new ArrayList<>();
    if (target.threaded()) {
      int tpc = to.threadsPerChild();
      int children = (wanted + tpc - 1) / tpc;
      if (children > to.serverLimit()) {
        lines.add("ServerLimit " + children);
      }
      lines.add("MaxRequestWorkers " + children * tpc);
    } else {
      if (wanted > to.serverLimit()) {
        lines.add("ServerLimit " + wanted);
      }
      lines.add("MaxRequestWorkers " + wanted);
    }
    return lines;
  }

  /**
   * The file's new text: the blocks it had for other MPMs, and {@code target}'s block with {@code
   * directives}.
   */
  static String text(String before, Mpm target, List<String> directives, String why) {
    StringBuilder out = new StringBuilder();
    out.append("# Written by apache-mpm-exporter's MPM switch with \"capacity\":\"keep\": the")
        .append(" concurrent requests\n# the MPM that ran before served. Undo: delete this file")
        .append(" (Debian: a2disconf ")
        .append(NAME)
        .append(" first).\n");
    if (before != null) {
      Matcher m = BLOCK.matcher(before);
      while (m.find()) {
        if (!m.group(1).equals(target.label())) {
          out.append(m.group());
        }
      }
    }
    out.append("<IfModule ").append(target.moduleId()).append(">\n");
    out.append("    # ").append(why).append('\n');
    directives.forEach(d -> out.append("    ").append(d).append('\n'));
    out.append("</IfModule>\n");
    return out.toString();
  }

  /**
   * Writes {@code text} and enables the file.
   *
   * @return how to put back the file and its link as they were
   */
  ConfigBackend.Undo write(String text) throws SwitchException, InterruptedException {
    String before = current();
    boolean enabledBefore = enabled();
    DurableFile.replace(file, text);
    if (!enabledBefore) {
      try {
        run(enable);
      } catch (SwitchException e) {
        restore(before, false);
        throw e;
      }
    }
    return () -> restore(before, enabledBefore);
  }

  /** Puts back the file's text ({@code null}: no file) and its link. */
  String restore(String before, boolean enabledBefore)
      throws SwitchException, InterruptedException {
    if (!enabledBefore && enabledLink != null && Files.exists(enabledLink)) {
      run(disable);
    }
    if (before == null) {
      DurableFile.delete(file);
      return "removed " + file;
    }
    DurableFile.replace(file, before);
    return "restored " + file + " as it was";
  }

  private void run(List<String> helper) throws SwitchException, InterruptedException {
    if (helper == null) {
      throw new SwitchException("no a2enconf/a2disconf known next to a2enmod");
    }
    List<String> cmd = new ArrayList<>(helper);
    cmd.add("-q");
    cmd.add(NAME);
    CommandResult r = commands.run(cmd);
    if (r.exitCode() != 0) {
      throw new SwitchException(
          String.join(" ", cmd) + ": exit " + r.exitCode() + ": " + r.firstLine());
    }
  }
}
