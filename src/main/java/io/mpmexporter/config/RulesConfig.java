package io.mpmexporter.config;

import static io.mpmexporter.config.Flag.Command.RULES;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What {@code rules} prints: the shipped alert and recording rules, with the operator's runbook
 * links and job selector.
 *
 * @param runbookBase null: no {@code runbook_url} at all (nothing points at a page that may not
 *     exist); else each alert links to {@code BASE#alertname}
 * @param jobSelector the label matchers that pick the exporter's scrape jobs in {@code up{...}}
 */
public record RulesConfig(URI runbookBase, String jobSelector) {
  /** Label matchers as PromQL writes them inside braces: job="apache", env=~"prod|stage". */
  private static final Pattern MATCHERS =
      Pattern.compile(
          "[a-zA-Z_][a-zA-Z0-9_]*\\s*(=|!=|=~|!~)\\s*\"(?:[^\"\\\\\\n]|\\\\.)*\""
              + "(\\s*,\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*(=|!=|=~|!~)\\s*\"(?:[^\"\\\\\\n]|\\\\.)*\")*");

  public static final Flag<URI> RUNBOOK_BASE =
      Flag.of(
          "runbook-base",
          RulesConfig::runbookBase,
          "",
          "URL of your copy of docs/alerts.md; each alert gets runbook_url BASE#alertname (none"
              + " without it).",
          RULES);
  public static final Flag<String> JOB_SELECTOR =
      Flag.of(
          "job-selector",
          FlagTypes.matching(MATCHERS, "label matchers such as job=\"apache\""),
          "job=~\".*apache.*\"",
          "The label matchers of the exporter's scrape jobs, for ApacheExporterDown's up{...}.",
          RULES);

  static final List<Flag<?>> FLAGS = List.of(RUNBOOK_BASE, JOB_SELECTOR);

  static RulesConfig from(FlagValues v) throws UsageException {
    return new RulesConfig(v.get(RUNBOOK_BASE), v.get(JOB_SELECTOR));
  }

  /** An http(s) URL without a fragment (the alert's anchor is added), or empty for none. */
  private static URI runbookBase(String flag, String text) throws UsageException {
    if (text.isEmpty()) {
      return null;
    }
    URI uri = FlagTypes.STATUS_URL.parse(flag, text);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getRawUserInfo() != null
        || uri.getRawFragment() != null
        || !scheme.startsWith("http")) {
      throw new UsageException(
          flag + ": '" + text + "' must be an http(s) URL without credentials or #fragment");
    }
    return uri;
  }
}
