package io.mpmexporter.mpm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RHEL/Fedora layout: {@code conf.modules.d/00-mpm.conf} holds one {@code LoadModule mpm_*}
 * line per MPM, all but one commented out. The change leaves exactly the target's line active,
 * keeps a backup next to the file and replaces the file atomically (a rename in its folder), so
 * Apache never reads a half-written file.
 */
public final class RhelMpmConf implements ConfigBackend {
  private static final Pattern LOAD_LINE =
      Pattern.compile("^(\\s*)(#\\s*)?(LoadModule\\s+(mpm_\\w+_module)\\b.*)$");

  private final Path file;

  public RhelMpmConf(Path file) {
    this.file = file;
  }

  @Override
  public String name() {
    return "rhel";
  }

  /** conf.d next to conf.modules.d: read at the end of RHEL's httpd.conf. */
  @Override
  public CapacityOverride capacityOverride() {
    return CapacityOverride.rhel(file.toAbsolutePath().getParent().getParent());
  }

  /** The backup written before each change. */
  public Path backup() {
    return file.resolveSibling(file.getFileName() + ".mpm-exporter.bak");
  }

  @Override
  public List<String> plan(Mpm target) {
    return List.of(
        "copy " + file + " to " + backup(),
        "rewrite " + file + " with only 'LoadModule " + target.moduleId() + "' active");
  }

  @Override
  public Undo select(Mpm target) throws SwitchException {
    String before;
    try {
      before = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SwitchException("cannot read " + file + ": " + e.getMessage());
    }
    String after = rewrite(before, target);
    try {
      Files.copy(
          file, backup(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    } catch (IOException e) {
      throw new SwitchException("cannot write the backup " + backup() + ": " + e.getMessage());
    }
    replace(after);
    return () -> {
      replace(before);
      return "restored " + file + " as it was";
    };
  }

  /**
   * The file's text with only {@code target}'s LoadModule line active.
   *
   * @throws SwitchException when the file has no LoadModule line for the target
   */
  static String rewrite(String text, Mpm target) throws SwitchException {
    String[] lines = text.split("\n", -1);
    boolean found = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String cr = line.endsWith("\r") ? "\r" : "";
      Matcher m = LOAD_LINE.matcher(line.substring(0, line.length() - cr.length()));
      if (!m.matches()) {
        continue;
      }
      boolean active = !found && m.group(4).equals(target.moduleId());
      found |= active;
      lines[i] = m.group(1) + (active ? "" : "#") + m.group(3) + cr;
    }
    if (!found) {
      throw new SwitchException("no 'LoadModule " + target.moduleId() + "' line to enable");
    }
    return String.join("\n", lines);
  }

  private void replace(String text) throws SwitchException {
    DurableFile.replace(file, text);
  }
}
