package io.mpmexporter.agent;

import io.mpmexporter.apache.CommandResult;
import io.mpmexporter.config.AgentConfig;
import io.mpmexporter.mpm.SwitchCommands;
import io.mpmexporter.mpm.SwitchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the agent stops and starts Apache. When Apache is a systemd service, through {@code
 * systemctl}: Apache then stays in its own unit's cgroup, whatever started the switch (started by
 * the agent directly it would land in the agent's cgroup and die with it). Otherwise apachectl.
 */
public final class ApacheService {
  /** The units Debian and RHEL ship, in the order tried. */
  static final List<String> KNOWN_UNITS = List.of("apache2.service", "httpd.service");

  private ApacheService() {}

  /**
   * The stop and start commands, explicit flags first, then the service, then apachectl; and the
   * graceful stop of a hand-over: the unit's stop (Debian's apache2.service stops with
   * graceful-stop, RHEL's httpd.service with SIGWINCH, the same), else apachectl graceful-stop.
   */
  public record Commands(
      List<String> stop, List<String> start, List<String> gracefulStop, String unit) {
    /** Clears the unit's failed state before a rollback starts it again; empty without a unit. */
    public List<String> reset() {
      return unit == null ? List.of() : List.of("systemctl", "reset-failed", unit);
    }
  }

  public static Commands choose(AgentConfig config, SwitchCommands commands, Path systemdRun)
      throws InterruptedException {
    String unit = unit(config.service(), commands, systemdRun);
    List<String> stop =
        unit != null ? List.of("systemctl", "stop", unit) : commands.command("stop");
    List<String> start =
        unit != null ? List.of("systemctl", "start", unit) : commands.command("start");
    return new Commands(
        config.stopCommand().isEmpty() ? stop : config.stopCommand(),
        config.startCommand().isEmpty() ? start : config.startCommand(),
        unit != null ? stop : commands.command("graceful-stop"),
        unit);
  }

  /**
   * The systemd unit of Apache, or null: {@code none}, no systemd running (no {@code
   * /run/systemd/system}), or, for {@code auto}, no known unit loaded.
   */
  private static String unit(String service, SwitchCommands commands, Path systemdRun)
      throws InterruptedException {
    if (service.equals("none") || !Files.isDirectory(systemdRun)) {
      return null;
    }
    if (!service.equals("auto")) {
      return service;
    }
    for (String unit : KNOWN_UNITS) {
      if (loaded(unit, commands)) {
        return unit;
      }
    }
    return null;
  }

  private static boolean loaded(String unit, SwitchCommands commands) throws InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("systemctl", "show", "-p", "LoadState", "--value"));
    cmd.add(unit);
    try {
      CommandResult r = commands.run(cmd);
      return r.exitCode() == 0 && r.stdout().strip().equals("loaded");
    } catch (SwitchException e) {
      return false;
    }
  }
}
