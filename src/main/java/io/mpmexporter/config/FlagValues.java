package io.mpmexporter.config;

import java.util.Map;

/**
 * The text of every flag one command reads (flag over environment over default), read by a {@link
 * FlagReader}; {@link #get} turns a text into its typed value, naming the flag on an error.
 */
public final class FlagValues {
  private final Flag.Command command;
  private final Map<Flag<?>, String> texts;

  FlagValues(Flag.Command command, Map<Flag<?>, String> texts) {
    this.command = command;
    this.texts = Map.copyOf(texts);
  }

  /** The value of {@code flag}. */
  public <T> T get(Flag<T> flag) throws UsageException {
    return flag.parse(text(flag));
  }

  /** The text of {@code flag} as given (repeated values joined by newlines). */
  public String text(Flag<?> flag) {
    String text = texts.get(flag);
    if (text == null) {
      throw new IllegalArgumentException(flag + " is not a flag of " + command);
    }
    return text;
  }
}
