package io.mpmexporter.mpm;

import io.mpmexporter.apache.CommandResult;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Debian's layout: one {@code mods-enabled/mpm_*.load} link per enabled MPM, changed with {@code
 * a2dismod} (every other MPM first: the three conflict) and {@code a2enmod}. The helpers read
 * {@code APACHE_CONFDIR} from the environment this daemon runs in.
 */
public final class DebianModules implements ConfigBackend {
  private final Path modsEnabled;
  private final List<String> a2enmod;
  private final List<String> a2dismod;
  private final SwitchCommands commands;

  /**
   * @param modsEnabled e.g. /etc/apache2/mods-enabled, read to learn which MPM is enabled
   * @param a2enmod e.g. {@code [a2enmod]} or {@code [/usr/sbin/a2enmod]}
   * @param commands runs the helpers under the apachectl deadline
   */
  public DebianModules(
      Path modsEnabled, List<String> a2enmod, List<String> a2dismod, SwitchCommands commands) {
    this.modsEnabled = modsEnabled;
    this.a2enmod = List.copyOf(a2enmod);
    this.a2dismod = List.copyOf(a2dismod);
    this.commands = commands;
  }

  @Override
  public String name() {
    return "debian";
  }

  /**
   * Debian's conf-available and a2enconf/a2disconf: the same script as a2enmod under another name,
   * so found by renaming the a2enmod command's last word (null when it is not a2enmod).
   */
  @Override
  public CapacityOverride capacityOverride() {
    return CapacityOverride.debian(
        modsEnabled.toAbsolutePath().getParent(),
        renamed(a2enmod, "a2enmod", "a2enconf"),
        renamed(a2dismod, "a2dismod", "a2disconf"),
        commands);
  }

  private static List<String> renamed(List<String> helper, String from, String to) {
    String last = helper.get(helper.size() - 1);
    if (!last.equals(from) && !last.endsWith("/" + from)) {
      return null;
    }
    List<String> cmd = new ArrayList<>(helper);
    cmd.set(cmd.size() - 1, last.substring(0, last.length() - from.length()) + to);
    return cmd;
  }

  @Override
  public List<String> plan(Mpm target) {
    List<String> lines = new ArrayList<>();
    for (String m : enabledMpms()) {
      if (!m.equals(target.debianModule())) {
        lines.add(String.join(" ", helper(a2dismod, m)));
      }
    }
    if (!enabledMpms().contains(target.debianModule())) {
      lines.add(String.join(" ", helper(a2enmod, target.debianModule())));
    }
    return lines;
  }

  @Override
  public Undo select(Mpm target) throws SwitchException, InterruptedException {
    List<String> before = enabledMpms();
    String wanted = target.debianModule();
    List<String> disabled = new ArrayList<>();
    List<String> enabled = new ArrayList<>();
    try {
      for (String m : before) {
        if (!m.equals(wanted)) {
          run(helper(a2dismod, m));
          disabled.add(m);
        }
      }
      if (!before.contains(wanted)) {
        run(helper(a2enmod, wanted));
        enabled.add(wanted);
      }
    } catch (SwitchException e) {
      String restored = restore(enabled, disabled);
      throw new SwitchException(
          e.getMessage() + (restored.isEmpty() ? "" : "; restored: " + restored));
    }
    return () -> restore(enabled, disabled);
  }

  /**
   * Disables what the change enabled, then enables what it disabled (in that order: the MPM modules
   * conflict, so the old one can only come back once the new one is gone).
   */
  private String restore(List<String> enabled, List<String> disabled)
      throws SwitchException, InterruptedException {
    List<String> done = new ArrayList<>();
    for (String m : enabled) {
      List<String> cmd = helper(a2dismod, m);
      run(cmd);
      done.add(String.join(" ", cmd));
    }
    for (String m : disabled) {
      List<String> cmd = helper(a2enmod, m);
      run(cmd);
      done.add(String.join(" ", cmd));
    }
    return String.join("; ", done);
  }

  /** The enabled mpm_* modules, e.g. [mpm_event]; normally exactly one. */
  List<String> enabledMpms() {
    TreeSet<String> names = new TreeSet<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(modsEnabled, "mpm_*.load")) {
      for (Path p : dir) {
        String file = p.getFileName().toString();
        names.add(file.substring(0, file.length() - ".load".length()));
      }
    } catch (IOException e) {
      return List.of();
    }
    return List.copyOf(names);
  }

  private static List<String> helper(List<String> helper, String module) {
    List<String> cmd = new ArrayList<>(helper);
    cmd.add("-q");
    cmd.add(module);
    return cmd;
  }

  private void run(List<String> cmd) throws SwitchException, InterruptedException {
    CommandResult r = commands.run(cmd);
    if (r.exitCode() != 0) {
      throw new SwitchException(
          String.join(" ", cmd) + ": exit " + r.exitCode() + ": " + r.firstLine());
    }
  }
}
