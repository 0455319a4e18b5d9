package io.mpmexporter.apache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.Fixtures;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * mod_md's block as Debian's Apache 2.4.71 printed it (scripts/capture-fixtures mod_md): a domain
 * with a static certificate and one whose renewal failed, no ACME server reachable.
 */
class ManagedDomainsTest {
  private static ManagedDomains md() throws Exception {
    return StatusParser.parse(Fixtures.real("status-event-mod-md.txt")).managedDomains();
  }

  @Test
  void theCountsAreMods() throws Exception {
    ManagedDomains md = md();
    assertThat(md.total()).isEqualTo(2);
    assertThat(md.ok()).isZero();
    assertThat(md.renewing()).isEqualTo(2);
    assertThat(md.errored()).isEqualTo(1);
    assertThat(md.ready()).isZero();
  }

  @Test
  void eachDomainWithItsNamesStateExpiryAndRenewal() throws Exception {
    ManagedDomain stat = md().domains().get(0);
    assertThat(stat.name()).isEqualTo("static.example.test");
    assertThat(stat.state()).isEqualTo("incomplete");
    assertThat(stat.validUntil()).isEqualTo(LocalDate.of(2026, 12, 27));
    assertThat(stat.renewalError()).isNull();
    ManagedDomain acme = md().domains().get(1);
    assertThat(acme.names()).containsExactly("www.example.test", "mail.example.test");
    assertThat(acme.validUntil()).isNull();
    assertThat(acme.renewalError())
        .isEqualTo("Internal error (specific information not available)");
  }

  @Test
  void aPageWithoutModMdHasNoBlockAndTheOtherBlocksStay() throws Exception {
    assertThat(StatusParser.parse(Fixtures.real("status-event-idle.txt")).managedDomains())
        .isNull();
    StatusPage withMd = StatusParser.parse(Fixtures.real("status-event-mod-md.txt"));
    assertThat(withMd.sessionCache()).as("mod_ssl's block after mod_md's").isNotNull();
    assertThat(withMd.serverMpm()).isEqualTo("event");
  }

  @Test
  void statesAsLabels() {
    assertThat(new ManagedDomain("a", java.util.List.of(), "good", null, null, 0, null).state())
        .isEqualTo("good");
    assertThat(
            new ManagedDomain("a", java.util.List.of(), "missing information", null, null, 0, null)
                .state())
        .isEqualTo("missing_information");
    assertThat(new ManagedDomain("a", java.util.List.of(), "weird", null, null, 0, null).state())
        .isEqualTo("unknown");
  }
}
