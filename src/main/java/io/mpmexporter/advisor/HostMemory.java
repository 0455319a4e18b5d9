package io.mpmexporter.advisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's memory from {@code /proc/meminfo}: MemTotal, and MemAvailable (what can be given to
 * new work without swapping: free memory plus reclaimable cache, as the kernel estimates it).
 */
public record HostMemory(long totalBytes, long availableBytes) {

  public static HostMemory read(Path meminfo) throws IOException {
    return parse(Files.readString(meminfo, StandardCharsets.US_ASCII));
  }

  static HostMemory parse(String text) throws IOException {
    long total = ProcReader.kib(text, "MemTotal:") * 1024;
    long available = ProcReader.kib(text, "MemAvailable:") * 1024;
    if (total <= 0 || available <= 0) {
      throw new IOException("meminfo lacks MemTotal or MemAvailable (Linux 3.14+)");
    }
    return new HostMemory(total, available);
  }
}
