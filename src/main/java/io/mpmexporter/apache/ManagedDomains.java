package io.mpmexporter.apache;

import java.util.List;

/**
 * mod_md's block of {@code server-status?auto}: its certificate counts ({@code
 * ManagedCertificates*}) and each managed domain.
 *
 * @param total the managed domains
 * @param ok complete, with a valid certificate
 * @param renewing due for renewal or being renewed
 * @param errored whose renewal failed
 * @param ready with a renewed certificate waiting for a graceful restart
 */
public record ManagedDomains(
    int total, int ok, int renewing, int errored, int ready, List<ManagedDomain> domains) {

  public ManagedDomains {
    domains = List.copyOf(domains);
  }
}
