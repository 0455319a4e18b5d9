package io.mpmexporter.app;

import io.mpmexporter.config.ConfigParser;
import io.mpmexporter.config.RulesConfig;
import io.mpmexporter.config.Usage;
import io.mpmexporter.config.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rules} and {@code dashboard}: print the shipped alert rules (with the operator's runbook
 * links and job selector) and the Grafana dashboard, for the Prometheus and Grafana hosts, which
 * are rarely the exporter's. The files inside the jar are the ones the package installs.
 */
final class RulesCommand {
  private static final String RULES = "/io/mpmexporter/shipped/apache-mpm-exporter.rules.yml";
  private static final String DASHBOARD = "/io/mpmexporter/shipped/apache-mpm-exporter.json";
  private static final Pattern ALERT = Pattern.compile("^\\s*- alert: (\\S+)\\s*$");
  private static final Pattern RECORD = Pattern.compile("^\\s*- record: ");
  private static final Pattern ANNOTATIONS = Pattern.compile("^(\\s*)annotations:\\s*$");

  private RulesCommand() {}

  /**
   * Runs {@code rules ARGS} or {@code dashboard}; returns the exit code (2 for a bad flag).
   *
   * @param command "rules" or "dashboard"
   */
  static int run(String command, String[] args, PrintStream out, PrintStream err) {
    if (List.of(args).contains("--help")) {
      out.print(Usage.rules());
      return 0;
    }
    try {
      if (command.equals("dashboard")) {
        if (args.length > 0) {
          throw new UsageException("dashboard takes no flags");
        }
        out.print(dashboard());
      } else {
        out.print(rules(ConfigParser.parseRules(args, System.getenv())));
      }
      out.flush();
      return 0;
    } catch (UsageException e) {
      err.println("apache-mpm-exporter " + command + ": " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("apache-mpm-exporter " + command + ": " + e.getMessage());
      return 1;
    }
  }

  /** The rules as the operator asked for them. */
  static String rules(RulesConfig config) throws IOException {
    String text = shipped(RULES);
    String selector = "up{" + RulesConfig.JOB_SELECTOR.defaultText() + "}";
    if (!text.contains(selector)) {
      throw new IllegalStateException("the shipped rules have no " + selector);
    }
    text = text.replace(selector, "up{" + config.jobSelector() + "}");
    return config.runbookBase() == null
        ? text
        : withRunbooks(text, config.runbookBase().toString());
  }

  static String dashboard() throws IOException {
    return shipped(DASHBOARD);
  }

  /** Each alert's annotations start with {@code runbook_url: "BASE#alertname"}. */
  private static String withRunbooks(String text, String base) {
    StringBuilder out = new StringBuilder(text.length() + 4096);
    String alert = null;
    for (String line : text.split("\n", -1)) {
      out.append(line).append('\n');
      Matcher a = ALERT.matcher(line);
      if (a.matches()) {
        alert = a.group(1);
        continue;
      }
      if (RECORD.matcher(line).find()) {
        alert = null;
        continue;
      }
      Matcher m = ANNOTATIONS.matcher(line);
      if (alert != null && m.matches()) {
        // docs/alerts.md has one "## AlertName" section per alert: GitHub's anchor is lowercase.
        out.append(m.group(1))
            .append("  runbook_url: \"")
            .append(base)
            .append('#')
            .append(alert.toLowerCase(Locale.ROOT))
            .append("\"\n");
      }
    }
    out.setLength(out.length() - 1); // the split's last empty piece
    return out.toString();
  }

  private static String shipped(String resource) throws IOException {
    try (InputStream in = RulesCommand.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
