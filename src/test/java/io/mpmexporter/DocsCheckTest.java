package io.mpmexporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.config.ConfigParser;
import io.mpmexporter.config.Flag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What an operator reads — the README, docs/, the packaged defaults, units and man page, the rules,
 * the dashboard, the playbook — names no section that is not there, no flag that does not exist and
 * no host that does not exist.
 */
class DocsCheckTest {
  /** Our flags as the docs write them: a namespace and a dotted name. */
  private static final Pattern FLAG =
      Pattern.compile(
          "--((?:web|apache|poll|admin|advisor|log|compat|telemetry)\\.[a-z0-9.-]*[a-z0-9])(-\\*)?");

  /** The Go exporter's names that the parser reads as aliases (FlagReader). */
  private static final Set<String> ALIASES =
      Set.of("telemetry.address", "telemetry.endpoint", "web.config");

  private static final Pattern URL = Pattern.compile("https?://([^/\\s\"'`)>:\\]]+)");

  /** Names reserved for documentation and tests (RFC 2606, RFC 6761) and hosts that exist. */
  private static final Pattern ALLOWED_HOST =
      Pattern.compile(
          "localhost|127\\.0\\.0\\.1|[a-z0-9…-]+|\\$[A-Z_]+|.*\\.(example|test|invalid|internal|localhost)"
              + "|(.*\\.)?example\\.(org|com|net)|www\\.debian\\.org|maven\\.apache\\.org|www\\.w3\\.org");

  private static final Pattern SECTION =
      Pattern.compile("((?:README|docs/[a-z-]+)(?:\\.md)?)[,:]? section \"([^\"]+)\"");

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)#([a-z0-9_-]+)\\)");

  private static List<Path> texts() throws IOException {
    List<Path> all = new ArrayList<>(List.of(Path.of("README.md"), Path.of("CHANGELOG.md")));
    for (String dir : List.of("docs", "packaging", "prometheus", "grafana", "ansible")) {
      try (Stream<Path> s = Files.walk(Path.of(dir))) {
        s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".gz")).forEach(all::add);
      }
    }
    return all;
  }

  /** A file's text with comment markers at line starts removed and its lines joined. */
  private static String prose(Path p) throws IOException {
    return Files.readString(p).replaceAll("(?m)^\\s*#+\\s?", "").replace('\n', ' ');
  }

  /** GitHub's anchors of a markdown file's headings. */
  private static Set<String> anchors(Path md) throws IOException {
    return Files.readAllLines(md).stream()
        .filter(l -> l.startsWith("#"))
        .map(l -> l.replaceFirst("^#+\\s*", ""))
        .map(DocsCheckTest::anchor)
        .collect(Collectors.toSet());
  }

  static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }

  private static Set<String> headings(Path md) throws IOException {
    return Files.readAllLines(md).stream()
        .filter(l -> l.startsWith("#"))
        .map(l -> l.replaceFirst("^#+\\s*", "").replace("`", ""))
        .collect(Collectors.toSet());
  }

  @Test
  void everyFlagNamedIsAFlag() throws Exception {
    Set<String> declared = ConfigParser.FLAGS.stream().map(Flag::name).collect(Collectors.toSet());
    List<String> unknown = new ArrayList<>();
    for (Path p : texts()) {
      // roff writes --x as \-\-x and fonts as \fB...\fR.
      String text = Files.readString(p).replace("\\-", "-").replaceAll("\\\\f[BIRP]", "");
      Matcher m = FLAG.matcher(text);
      while (m.find()) {
        String name = m.group(1);
        boolean family =
            m.group(2) != null && declared.stream().anyMatch(d -> d.startsWith(name + "-"));
        if (!declared.contains(name) && !ALIASES.contains(name) && !family) {
          unknown.add(p + ": --" + name);
        }
      }
    }
    assertThat(unknown).isEmpty();
  }

  @Test
  void everyHostIsLocalReservedOrReal() throws Exception {
    List<String> madeUp = new ArrayList<>();
    for (Path p : texts()) {
      Matcher m = URL.matcher(Files.readString(p));
      while (m.find()) {
        String host = m.group(1).replaceFirst("^[^@]*@", "");
        if (!ALLOWED_HOST.matcher(host).matches()) {
          madeUp.add(p + ": " + m.group());
        }
      }
    }
    assertThat(madeUp).isEmpty();
  }

  @Test
  void everySectionNamedExists() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Path p : texts()) {
      Matcher m = SECTION.matcher(prose(p));
      while (m.find()) {
        Path target = Path.of(m.group(1).endsWith(".md") ? m.group(1) : m.group(1) + ".md");
        if (!Files.exists(target) || !headings(target).contains(m.group(2).replace("`", ""))) {
          missing.add(p + ": " + m.group());
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void everyMarkdownAnchorResolves() throws Exception {
    List<String> broken = new ArrayList<>();
    List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> s = Files.list(Path.of("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
    }
    for (Path page : pages) {
      Matcher m = LINK.matcher(Files.readString(page));
      while (m.find()) {
        Path target =
            m.group(1).isEmpty() ? page : page.toAbsolutePath().getParent().resolve(m.group(1));
        if (!Files.exists(target) || !anchors(target).contains(m.group(2))) {
          broken.add(page + ": " + m.group());
        }
      }
    }
    assertThat(broken).isEmpty();
  }
}
