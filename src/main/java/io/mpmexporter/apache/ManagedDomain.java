package io.mpmexporter.apache;

import java.time.LocalDate;
import java.util.List;

/**
 * One domain that mod_md manages, as its {@code ManagedDomain[i]*} lines of {@code
 * server-status?auto} say ({@code MDServerStatus on}; read in httpd's {@code mod_md_status.c}).
 *
 * @param status {@code good}, {@code expired}, {@code error}, {@code missing information} or {@code
 *     incomplete: <why>}
 * @param validUntil the last day of the certificate ({@code ValidUntil}); null without one
 * @param renewalError why the last renewal failed ({@code ActivityLastStatus}, printed only for a
 *     failure); null when it did not fail
 * @param retries failed renewal attempts in a row ({@code ActivityRetries}), 0 when not printed
 * @param renewInSeconds seconds from the page's time to the planned renewal ({@code
 *     ActivityRenew}); null when none is planned
 */
public record ManagedDomain(
    String name,
    List<String> names,
    String status,
    LocalDate validUntil,
    String renewalError,
    int retries,
    Long renewInSeconds) {

  public ManagedDomain {
    names = List.copyOf(names);
  }

  /** The status's first word, as a label value: good, expired, error, missing, incomplete. */
  public String state() {
    if (status == null) {
      return "unknown";
    }
    String s = status.strip();
    if (s.startsWith("incomplete")) {
      return "incomplete";
    }
    return switch (s) {
      case "good", "expired", "error" -> s;
      case "missing information" -> "missing_information";
      default -> "unknown";
    };
  }
}
