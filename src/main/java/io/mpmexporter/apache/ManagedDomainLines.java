package io.mpmexporter.apache;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects mod_md's lines: {@code ManagedCertificates{Total,OK,Renew,Errored,Ready}}, {@code
 * ManagedDomain[i]Field} and {@code ManagedDomain[i]Names[j]}; the {@code ManagedStaplings*} lines
 * are taken and left aside (OCSP stapling is not exported).
 */
final class ManagedDomainLines {
  private static final Pattern DOMAIN_LINE =
      Pattern.compile("ManagedDomain\\[(\\d{1,4})\\]([A-Za-z]+)(?:\\[\\d{1,4}\\])?");

  private final Map<String, Integer> counts = new TreeMap<>();
  private final Map<Integer, Map<String, List<String>>> domains = new TreeMap<>();
  private boolean seen;

  /** Takes the line when it is one of mod_md's; false when it is not. */
  boolean accept(String key, String value) {
    if (key.startsWith("ManagedStaplings")) {
      return true;
    }
    if (key.startsWith("ManagedCertificates")) {
      seen = true;
      try {
        counts.put(key.substring("ManagedCertificates".length()), Integer.parseInt(value.strip()));
      } catch (NumberFormatException e) {
        // a count we cannot read is left out, not guessed
      }
      return true;
    }
    Matcher m = DOMAIN_LINE.matcher(key);
    if (!m.matches()) {
      return false;
    }
    seen = true;
    domains
        .computeIfAbsent(Integer.parseInt(m.group(1)), i -> new TreeMap<>())
        .computeIfAbsent(m.group(2), f -> new ArrayList<>())
        .add(value.strip());
    return true;
  }

  /** What the page said, null when it had no mod_md block. */
  ManagedDomains result() {
    if (!seen) {
      return null;
    }
    List<ManagedDomain> out = new ArrayList<>();
    for (Map<String, List<String>> d : domains.values()) {
      String name = first(d, "Domain");
      if (name == null) {
        continue;
      }
      out.add(
          new ManagedDomain(
              name,
              d.getOrDefault("Names", List.of()),
              first(d, "Status"),
              date(first(d, "ValidUntil")),
              first(d, "ActivityLastStatus"),
              number(first(d, "ActivityRetries"), 0L).intValue(),
              number(first(d, "ActivityRenew"), null)));
    }
    return new ManagedDomains(
        counts.getOrDefault("Total", out.size()),
        counts.getOrDefault("OK", 0),
        counts.getOrDefault("Renew", 0),
        counts.getOrDefault("Errored", 0),
        counts.getOrDefault("Ready", 0),
        out);
  }

  private static String first(Map<String, List<String>> d, String field) {
    List<String> v = d.get(field);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static LocalDate date(String text) {
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Long number(String text, Long otherwise) {
    if (text == null) {
      return otherwise;
    }
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
