package io.mpmexporter.apache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The module blocks of a status page: proxy balancer members and mod_ssl's session cache. */
class ModuleBlocksTest {
  private static final String BASE = "BusyWorkers: 1\nIdleWorkers: 1\nScoreboard: W_\n";

  @Test
  void recordedBalancerMembersAreReadInPageOrder() throws Exception {
    StatusPage page = StatusParser.parse(Fixtures.real("status-event-balancer-tls.txt"));
    List<BalancerMember> members = page.balancerMembers();
    assertThat(members).hasSize(2);
    BalancerMember up = members.get(0);
    assertThat(up.balancer()).isEqualTo("balancer://app");
    assertThat(up.member()).startsWith("http://127.0.0.1:");
    assertThat(up.status()).isEqualTo("Init Ok");
    assertThat(up.states()).containsExactly("init", "ok");
    assertThat(up.elected()).isEqualTo(6);
    assertThat(up.busy()).isZero();
    assertThat(up.sentKib()).isEqualTo(1);
    assertThat(up.receivedKib()).isZero();
    assertThat(members.get(1).states()).containsExactly("init", "err");
  }

  @Test
  void recordedTlsSessionCacheIsRead() throws Exception {
    SessionCache cache =
        StatusParser.parse(Fixtures.real("status-event-balancer-tls.txt")).sessionCache();
    assertThat(cache.type()).isEqualTo("SHMCB");
    assertThat(cache.get("CacheSharedMemory")).hasValue(512000);
    assertThat(cache.get("CacheRetrieveHitCount")).hasValue(5);
    assertThat(cache.get("CacheUsage")).hasValue(0);
  }

  @Test
  void theHttpCacheBlockIsNotTakenForTheTlsCache() throws Exception {
    SessionCache cache =
        StatusParser.parse(Fixtures.synthetic("status-cache-blocks.txt")).sessionCache();
    assertThat(cache.get("CacheSharedMemory")).hasValue(512000);
    assertThat(cache.get("CacheCurrentEntries")).hasValue(3);
    assertThat(cache.get("CacheUsage")).hasValue(12);
    assertThat(cache.get("CacheRetrieveHitCount")).hasValue(30);
  }

  @Test
  void aPageWithoutBlocksHasNoMembersAndNoCache() throws Exception {
    StatusPage page = StatusParser.parse(Fixtures.real("status-event-idle.txt"));
    assertThat(page.balancerMembers()).isEmpty();
    assertThat(page.sessionCache()).isNull();
  }

  @Test
  void membersAreCappedAndOddLinesDropped() throws Exception {
    // Synthetic: what a broken or hostile endpoint could serve.
    StringBuilder body = new StringBuilder(BASE);
    body.append("ProxyBalancer[0]Name: balancer://big\n");
    for (int i = 0; i < 2000; i++) {
      body.append("ProxyBalancer[0]Worker[").append(i).append("]Name: http://m").append(i);
      body.append("\nProxyBalancer[0]Worker[").append(i).append("]Elected: x\n");
    }
    body.append("ProxyBalancer[9999999]Worker[0]Name: too-long-index\n");
    body.append("ProxyBalancer[a]Worker[0]Name: not-a-number\n");
    body.append("ProxyBalancer[1]Worker[0]Status: Init Ok\n");
    List<BalancerMember> members = StatusParser.parse(body.toString()).balancerMembers();
    assertThat(members).hasSize(BalancerLines.MAX_MEMBERS);
    assertThat(members.get(0).member()).isEqualTo("http://m0");
    assertThat(members.get(0).elected()).isNaN();
    assertThat(members).noneMatch(m -> m.member().contains("index") || m.member().contains("num"));
  }

  @Test
  void aMemberWithoutNameLinesIsNamedByItsIndex() throws Exception {
    StatusPage page = StatusParser.parse(BASE + "ProxyBalancer[2]Worker[3]Status: Init Dis Ok \n");
    BalancerMember m = page.balancerMembers().get(0);
    assertThat(m.balancer()).isEqualTo("balancer[2]");
    assertThat(m.member()).isEqualTo("worker[3]");
    assertThat(m.states()).containsExactly("init", "dis", "ok");
  }
}
