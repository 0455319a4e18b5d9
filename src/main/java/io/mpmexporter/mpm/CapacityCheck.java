package io.mpmexporter.mpm;

import io.mpmexporter.apache.CtlInfo;
import io.mpmexporter.apache.RunConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Capacity and memory in a switch's plan: the concurrent requests the current MPM and the target
 * get from the configuration on disk, the refusal of a silent drop ({@code capacity_drop}) or of a
 * prefork that cannot fit the advisor's memory budget ({@code memory_overcommit}), and the override
 * a switch that keeps the capacity writes.
 */
final class CapacityCheck {
  /**
   * The memory one prefork child is taken to need when this server runs a threaded MPM (no prefork
   * child to measure): a stock Debian 12 prefork child holds 4.4 MiB RSS (0.8 MiB PSS); modules
   * such as mod_php add tens of MiB to it, so this is a floor, not an estimate.
   */
  static final long PREFORK_CHILD_FLOOR_BYTES = 4L << 20;

  private final SwitchCommands commands;
  private final CapacityOverride override;
  private Path root;
  private Path main;

  /**
   * @param override where a kept capacity is written, null when the backend has no place for it
   */
  CapacityCheck(SwitchCommands commands, CapacityOverride override) {
    this.commands = commands;
    this.override = override;
  }

  /** The capacity of {@code from} and of {@code target} as the configuration on disk gives them. */
  Capacity read(String from, CtlInfo disk, SwitchRequest request)
      throws SwitchException, InterruptedException {
    MpmConfigReader.Effective before;
    MpmConfigReader.Effective after;
    try {
      RunConfig rc = commands.runConfig();
      root = rc.serverRoot();
      if (root == null) {
        throw new SwitchException("apachectl -t -D DUMP_RUN_CFG names no ServerRoot");
      }
      main = root.resolve(disk.configFile() == null ? "apache2.conf" : disk.configFile());
      before = MpmConfigReader.read(root, main, from);
      after = MpmConfigReader.read(root, main, request.target().label());
    } catch (IOException e) {
      throw new SwitchException("cannot read the configuration's MPM limits: " + e.getMessage());
    }
    Capacity c =
        new Capacity(
            from,
            before.limits(),
            before.setIn().get("maxrequestworkers"),
            request.target().label(),
            after.limits(),
            after.setIn().get("maxrequestworkers"),
            request.capacity(),
            null,
            null);
    return request.target() == Mpm.PREFORK && request.memory() != null
        ? c.withMemory(memory(request.memory(), c.targetWorkers()))
        : c;
  }

  /**
   * prefork's worst case: a measured prefork child of this server, else {@link
   * #PREFORK_CHILD_FLOOR_BYTES}.
   */
  static Capacity.Memory memory(MemoryFigures f, int processes) {
    boolean measured = "prefork".equals(f.measuredMpm()) && f.childBytes() > 0;
    long per = measured ? f.childBytes() : PREFORK_CHILD_FLOOR_BYTES;
    return new Capacity.Memory(
        processes,
        per,
        measured ? "measured (" + f.memorySource() + ")" : "floor",
        f.parentBytes() + processes * per,
        f.budgetBytes(),
        f.budgetSource());
  }

  /**
   * Why the switch must not go on as asked ({@link SwitchReport}'s result and the error), or null.
   */
  static String[] refusal(Capacity c, SwitchRequest request) {
    if (c.drops() && request.capacity() == CapacityChoice.CHECK) {
      return new String[] {
        SwitchReport.CAPACITY_DROP,
        c.fromMpm()
            + " serves "
            + c.from().maxRequestWorkers()
            + " concurrent requests (MaxRequestWorkers, "
            + shown(c.fromSetIn())
            + "); "
            + c.toMpm()
            + " would serve "
            + c.to().maxRequestWorkers()
            + " ("
            + shown(c.toSetIn())
            + "). Send \"capacity\":\"keep\" to write an override that keeps "
            + c.from().maxRequestWorkers()
            + ", or \"capacity\":\"as_configured\" to accept "
            + c.to().maxRequestWorkers()
            + "; nothing was changed"
      };
    }
    Capacity.Memory m = c.memory();
    if (m != null && m.ratio() > 1 && !request.force()) {
      return new String[] {
        SwitchReport.MEMORY_OVERCOMMIT,
        "prefork at MaxRequestWorkers "
            + m.processes()
            + " needs up to "
            + mib(m.worstCaseBytes())
            + " MiB ("
            + mib(m.perProcessBytes())
            + " MiB per process, "
            + m.perProcessSource()
            + ") against a budget of "
            + mib(m.budgetBytes())
            + " MiB ("
            + m.budgetSource()
            + "): overcommit ratio "
            + String.format(java.util.Locale.ROOT, "%.2f", m.ratio())
            + ". Lower MaxRequestWorkers for prefork, raise the budget, or send force=true;"
            + " nothing was changed"
      };
    }
    return null;
  }

  /**
   * Writes the override that keeps the capacity and checks that the target now gets it; nothing
   * when the capacity does not drop or the request accepts the drop.
   *
   * @return the capacity after the override and its undo; the undo is null when nothing was written
   */
  Kept keep(Capacity c) throws SwitchException, InterruptedException {
    if (!c.needsOverride()) {
      return new Kept(c, null);
    }
    if (override == null) {
      throw new SwitchException("this layout has no place for a capacity override");
    }
    Mpm target = Mpm.byName(c.toMpm()).orElseThrow();
    int wanted = c.from().maxRequestWorkers();
    List<String> directives = CapacityOverride.directives(target, c.to(), wanted);
    String why =
        c.fromMpm()
            + " served "
            + wanted
            + "; "
            + c.toMpm()
            + "'s own limits give "
            + c.to().maxRequestWorkers();
    ConfigBackend.Undo undo =
        override.write(CapacityOverride.text(override.current(), target, directives, why));
    try {
      MpmConfigReader.Effective now = MpmConfigReader.read(root, main, c.toMpm());
      if (now.limits().maxRequestWorkers() < wanted) {
        undo.undo();
        throw new SwitchException(
            "the override did not take: "
                + c.toMpm()
                + " still gets "
                + now.limits().maxRequestWorkers()
                + " ("
                + shown(now.setIn().get("maxrequestworkers"))
                + " comes later); removed it");
      }
      return new Kept(
          c.withOverride(
              override.file().toString(), now.limits(), now.setIn().get("maxrequestworkers")),
          undo);
    } catch (IOException e) {
      undo.undo();
      throw new SwitchException("cannot read the configuration back: " + e.getMessage());
    }
  }

  /** The dry run's line for the override, empty when none would be written. */
  List<String> plan(Capacity c) {
    if (!c.needsOverride() || override == null) {
      return List.of();
    }
    Mpm target = Mpm.byName(c.toMpm()).orElseThrow();
    return List.of(
        "write "
            + override.file()
            + " with <IfModule "
            + target.moduleId()
            + "> "
            + String.join(
                ", ", CapacityOverride.directives(target, c.to(), c.from().maxRequestWorkers()))
            + " (enabled, fsynced; undone by a rollback)");
  }

  /** What a recovery needs to undo the override: written to the intent before it is written. */
  java.util.Map<String, Object> intent(Capacity c) throws SwitchException {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    if (c != null && c.needsOverride() && override != null) {
      m.put("capacity_override", override.file().toString());
      m.put("capacity_override_before", override.current());
      m.put("capacity_override_enabled_before", override.enabled());
    }
    return m;
  }

  /** The capacity after {@link #keep} and how to take the override away again. */
  record Kept(Capacity capacity, ConfigBackend.Undo undo) {}

  private static String shown(String setIn) {
    return setIn == null ? "httpd's default" : "set in " + setIn;
  }

  private static long mib(long bytes) {
    return (bytes + (1 << 19)) >> 20;
  }
}
