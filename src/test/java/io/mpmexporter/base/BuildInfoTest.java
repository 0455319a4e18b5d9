package io.mpmexporter.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** --version and apache_exporter_build_info carry the pom's version, not "unknown". */
class BuildInfoTest {
  @Test
  void theVersionIsThePoms() throws Exception {
    Matcher m =
        Pattern.compile(
                "<artifactId>apache-mpm-exporter</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(m.find()).isTrue();
    assertThat(BuildInfo.version()).isEqualTo(m.group(1));
  }
}
