package io.mpmexporter.config;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * One command-line flag, declared once: its name, its type (the parser that turns the text into a
 * value and names the flag in every error), its default as written on the command line, its help
 * line, the commands that read it, and whether it is a switch without a value or may be repeated.
 * The environment variable and the {@code --help} line come from the declaration; the declarations
 * live beside the record that holds their values ({@link ApacheAccess}, {@link Config}, ...).
 *
 * @param <T> the value's type
 */
public final class Flag<T> {
  /** Prefix of each flag's environment variable: --poll.interval is ..._POLL_INTERVAL. */
  public static final String ENV_PREFIX = "APACHE_MPM_EXPORTER_";

  /** The commands that read flags. */
  public enum Command {
    EXPORTER,
    AGENT,
    RENDER,
    RULES
  }

  /** Turns a flag's text into its value, or throws a usage error naming the flag. */
  @FunctionalInterface
  public interface Type<T> {
    T parse(String flag, String text) throws UsageException;
  }

  private final String name;
  private final Type<T> type;
  private final String defaultText;
  private final String help;
  private final Set<Command> commands;
  private final boolean toggle;
  private final boolean repeatable;

  private Flag(
      String name,
      Type<T> type,
      String defaultText,
      String help,
      Set<Command> commands,
      boolean toggle,
      boolean repeatable) {
    this.name = name;
    this.type = type;
    this.defaultText = defaultText;
    this.help = help;
    this.commands = Set.copyOf(commands);
    this.toggle = toggle;
    this.repeatable = repeatable;
  }

  /** A flag that takes a value ({@code --name=value} or {@code --name value}). */
  public static <T> Flag<T> of(
      String name, Type<T> type, String defaultText, String help, Command... commands) {
    return new Flag<>(
        name, type, defaultText, help, EnumSet.of(commands[0], commands), false, false);
  }

  /** A switch: {@code --name} alone means true; {@code --name=false} turns it off. */
  public static Flag<Boolean> toggle(
      String name, boolean defaultValue, String help, Command... commands) {
    return new Flag<>(
        name,
        FlagTypes.BOOL,
        Boolean.toString(defaultValue),
        help,
        EnumSet.of(commands[0], commands),
        true,
        false);
  }

  /** This flag, allowed several times; the values reach the type joined by newlines. */
  public Flag<T> repeatable() {
    return new Flag<>(name, type, defaultText, help, commands, toggle, true);
  }

  public String name() {
    return name;
  }

  public String defaultText() {
    return defaultText;
  }

  public String help() {
    return help;
  }

  public boolean toggle() {
    return toggle;
  }

  /** Whether the flag may be given several times. */
  public boolean repeats() {
    return repeatable;
  }

  /** Whether {@code command} reads this flag. */
  public boolean readBy(Command command) {
    return commands.contains(command);
  }

  /** The commands that read this flag. */
  public Set<Command> commands() {
    return commands;
  }

  /** The environment variable that sets this flag. */
  public String env() {
    return envName(name);
  }

  /** The environment variable that sets the flag {@code --name}. */
  public static String envName(String name) {
    return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The value of {@code text}, or a usage error naming {@code --name}. */
  public T parse(String text) throws UsageException {
    return type.parse("--" + name, text);
  }

  /** The value this flag has when nobody sets it. */
  public T defaultValue() {
    try {
      return parse(defaultText);
    } catch (UsageException e) {
      throw new IllegalStateException("the default of --" + name + " does not parse", e);
    }
  }

  @Override
  public String toString() {
    return "--" + name;
  }
}
