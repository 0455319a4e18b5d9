package io.mpmexporter.mpm;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.Fixtures;
import io.mpmexporter.apache.CtlParser;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreflightTest {

  @Test
  void phpBlocksBothThreadedMpmsButNotPrefork() {
    Set<String> modules = Set.of("core_module", "mpm_prefork_module", "php_module");
    assertThat(Preflight.incompatibleModule(modules, Mpm.EVENT)).contains("php_module");
    assertThat(Preflight.incompatibleModule(modules, Mpm.WORKER)).contains("php_module");
    assertThat(Preflight.incompatibleModule(modules, Mpm.PREFORK)).isEmpty();
  }

  @Test
  void olderPhpModuleNamesToo() {
    for (String php : List.of("php5_module", "php7_module", "php8_module")) {
      assertThat(Preflight.incompatibleModule(Set.of(php), Mpm.EVENT)).contains(php);
    }
    assertThat(Preflight.incompatibleModule(Set.of("proxy_fcgi_module", "phpfoo"), Mpm.EVENT))
        .as("php-fpm over proxy_fcgi is fine with any MPM")
        .isEmpty();
  }

  @Test
  void recordedModuleListsWithoutPhpPass() throws Exception {
    var modules = CtlParser.parseModules(Fixtures.real("ctl-M-event.txt"));
    assertThat(Preflight.incompatibleModule(modules, Mpm.EVENT)).isEmpty();
  }

  @Test
  void recordedModuleListWithDebiansModPhpIsRefusedForEvent() throws Exception {
    var modules = CtlParser.parseModules(Fixtures.real("ctl-M-prefork-php.txt"));
    assertThat(Preflight.incompatibleModule(modules, Mpm.EVENT)).contains("php_module");
  }

  @Test
  void allowListIsExact() {
    assertThat(Mpm.byName("event")).contains(Mpm.EVENT);
    assertThat(Mpm.byName("Event")).isEmpty();
    assertThat(Mpm.byName("mpm_event")).isEmpty();
    assertThat(Mpm.byName(null)).isEmpty();
    assertThat(Mpm.PREFORK.moduleId()).isEqualTo("mpm_prefork_module");
    assertThat(Mpm.WORKER.debianModule()).isEqualTo("mpm_worker");
  }

  private static SwitchRequest to(Mpm target, boolean force, Mpm expectCurrent) {
    return new SwitchRequest(target, false, force, expectCurrent, null, null);
  }

  @Test
  void aSwitchMayStartWhenRunningAndConfiguredAgree() {
    assertThat(Preflight.precondition(to(Mpm.PREFORK, false, Mpm.EVENT), "event", "event"))
        .isNull();
  }

  @Test
  void aChangeWaitingForARestartIsReplacedOnlyWithForce() {
    assertThat(Preflight.precondition(to(Mpm.PREFORK, false, null), "event", "worker"))
        .contains("already waiting for a restart", "force=true");
    assertThat(Preflight.precondition(to(Mpm.PREFORK, true, null), "event", "worker")).isNull();
  }

  @Test
  void whatCannotBeReadOrManagedIsRefusedWithItsReason() {
    assertThat(Preflight.precondition(to(Mpm.EVENT, false, null), null, "event"))
        .contains("no ServerMPM line");
    assertThat(Preflight.precondition(to(Mpm.EVENT, false, null), "winnt", "event"))
        .contains("'winnt' is not one this endpoint manages");
    assertThat(Preflight.precondition(to(Mpm.EVENT, false, Mpm.WORKER), "prefork", "prefork"))
        .contains("expect_current is worker but prefork runs");
    assertThat(Preflight.precondition(to(Mpm.EVENT, false, null), "prefork", null))
        .contains("names no MPM");
  }
}
