package io.mpmexporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's and docs' flag tables (the exporter's in the README, the switch agent's in
 * docs/admin-api.md) against the flag table the parser uses: every flag is documented, and the
 * default written there is the one the code has.
 */
class ReadmeFlagsTest {
  private static final Pattern FLAG = Pattern.compile("`--([a-z0-9.-]+)`");
  private static final Pattern CODE = Pattern.compile("`([^`]*)`");

  /** How the README writes an empty or false default. */
  private static final Set<String> NONE =
      Set.of(
          "(none)", "(off)", "off", "(log)", "(system)", "(URL's host)", "from `--apache.service`");

  /** README.md and every page under docs/, one after the other. */
  private static String docs() throws Exception {
    StringBuilder all = new StringBuilder(Files.readString(Path.of("README.md")));
    try (var pages = Files.list(Path.of("docs"))) {
      for (Path p : pages.sorted().toList()) {
        all.append('\n').append(Files.readString(p));
      }
    }
    return all.toString();
  }

  /** Flag → the README's default cell for it (one value of a comma list). */
  private static Map<String, String> documented() throws Exception {
    Map<String, String> out = new HashMap<>();
    for (String line : docs().split("\n")) {
      if (!line.startsWith("| `--")) {
        continue;
      }
      String[] cells = line.split("\\|");
      String flagCell = cells[1];
      int alias = flagCell.indexOf("(alias");
      if (alias >= 0) {
        flagCell = flagCell.substring(0, alias);
      }
      List<String> flags = new ArrayList<>();
      Matcher f = FLAG.matcher(flagCell);
      while (f.find()) {
        flags.add(f.group(1));
      }
      String defaults = cells[2].strip();
      List<String> values = new ArrayList<>();
      Matcher c = CODE.matcher(defaults);
      while (c.find()) {
        values.add(c.group(1));
      }
      for (int i = 0; i < flags.size(); i++) {
        String d =
            NONE.contains(defaults) || values.isEmpty()
                ? defaults
                : values.get(Math.min(i, values.size() - 1));
        out.putIfAbsent(flags.get(i), d);
      }
    }
    return out;
  }

  @Test
  void everyFlagIsDocumentedWithItsDefault() throws Exception {
    Map<String, String> readme = documented();
    List<String> wrong = new ArrayList<>();
    String text = docs();
    for (Flag<?> flag : ConfigParser.FLAGS) {
      if (flag.commands().equals(java.util.Set.of(Flag.Command.RENDER))) {
        // render's own flags are in its section, not in the daemon's tables.
        if (!text.contains("--" + flag.name())) {
          wrong.add("--" + flag.name() + " (render): not in the README");
        }
        continue;
      }
      String doc = readme.get(flag.name());
      if (doc == null) {
        wrong.add("--" + flag.name() + ": not in the README");
        continue;
      }
      String code = flag.defaultText();
      boolean empty = code.isEmpty() || (flag.toggle() && code.equals("false"));
      boolean ok = empty ? NONE.contains(doc) : doc.equals(code);
      if (!ok) {
        wrong.add("--" + flag.name() + ": README says " + doc + ", the code '" + code + "'");
      }
    }
    assertThat(wrong).isEmpty();
  }
}
