package io.mpmexporter.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of {@code src/main}: no cycle, the wiring layer ({@code app}) on top, nothing
 * in the root package, and the value-only packages below everything that reads them.
 */
class PackageGraphTest {
  static {
    // ArchUnit logs through SLF4J; without this it warns on every build that no provider is bound.
    System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
  }

  private static JavaClasses main;

  @BeforeAll
  static void importMain() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mpmexporter");
    // A wrong class path would import nothing and pass every rule below.
    Assertions.assertThat(main.size()).isGreaterThan(100);
  }

  @Test
  void noPackageCycle() {
    slices().matching("io.mpmexporter.(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void onlyTheEmbeddingApiUsesTheWiringLayer() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.mpmexporter.app..", "io.mpmexporter.embed..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.mpmexporter.app..", "io.mpmexporter.embed..")
        .check(main);
  }

  @Test
  void theRootPackageIsEmpty() {
    Assertions.assertThat(main.stream().filter(c -> c.getPackageName().equals("io.mpmexporter")))
        .isEmpty();
  }

  @Test
  void configHoldsValuesAndLoadsNothing() {
    // TLS contexts and secrets are loaded at start by the wiring layer, not while flags are read.
    noClasses()
        .that()
        .resideInAPackage("io.mpmexporter.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.mpmexporter.http..",
            "io.mpmexporter.apache..",
            "javax.net.ssl..",
            "java.security..")
        .check(main);
  }
}
