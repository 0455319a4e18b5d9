package io.mpmexporter.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the flags of each command ({@code --name=value} or {@code --name value}) over environment
 * variables ({@code APACHE_MPM_EXPORTER_<NAME>}) over defaults, and validates every value; errors
 * name the flag. The flags are declared beside the records that hold their values; {@link #FLAGS}
 * lists them all, in the order of {@code --help}.
 */
public final class ConfigParser {
  /** Every flag of every command. */
  public static final List<Flag<?>> FLAGS = all();

  private ConfigParser() {}

  private static List<Flag<?>> all() {
    List<Flag<?>> all = new ArrayList<>();
    all.addAll(Config.FLAGS);
    all.addAll(ApacheAccess.FLAGS);
    all.addAll(Config.POLL_FLAGS);
    all.addAll(AdvisorConfig.FLAGS);
    all.addAll(ProbeConfig.FLAGS);
    all.addAll(RenderConfig.FLAGS);
    all.addAll(RulesConfig.FLAGS);
    all.addAll(AdminConfig.FLAGS);
    all.addAll(AgentConfig.FLAGS);
    all.addAll(LogConfig.FLAGS);
    return List.copyOf(all);
  }

  /** The exporter's configuration; {@code args} must not contain --help (Main handles it). */
  public static Config parse(String[] args, Map<String, String> env) throws UsageException {
    return Config.from(FlagReader.read(Flag.Command.EXPORTER, args, env));
  }

  /** The configuration of {@code render} (args without the subcommand). */
  public static RenderConfig parseRender(String[] args, Map<String, String> env)
      throws UsageException {
    return RenderConfig.from(FlagReader.read(Flag.Command.RENDER, args, env));
  }

  /** The configuration of {@code rules} (args without the subcommand). */
  public static RulesConfig parseRules(String[] args, Map<String, String> env)
      throws UsageException {
    return RulesConfig.from(FlagReader.read(Flag.Command.RULES, args, env));
  }

  /** The configuration of {@code switch-agent} (args without the subcommand). */
  public static AgentConfig parseAgent(String[] args, Map<String, String> env)
      throws UsageException {
    return AgentConfig.from(FlagReader.read(Flag.Command.AGENT, args, env));
  }
}
