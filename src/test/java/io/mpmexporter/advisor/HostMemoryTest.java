package io.mpmexporter.advisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpmexporter.Fixtures;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class HostMemoryTest {
  @Test
  void readsTotalAndAvailableFromARecordedMeminfo() throws Exception {
    String text = Fixtures.real("proc-meminfo.txt");
    HostMemory h = HostMemory.parse(text);
    assertThat(h.totalBytes()).isEqualTo(ProcReader.kib(text, "MemTotal:") * 1024).isPositive();
    assertThat(h.availableBytes()).isPositive().isLessThanOrEqualTo(h.totalBytes());
  }

  @Test
  void aKernelWithoutMemAvailableIsAnError() {
    assertThatThrownBy(() -> HostMemory.parse("MemTotal: 1000 kB\nMemFree: 10 kB\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("MemAvailable");
  }
}
