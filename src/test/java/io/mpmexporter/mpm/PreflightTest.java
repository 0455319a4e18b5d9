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
}
