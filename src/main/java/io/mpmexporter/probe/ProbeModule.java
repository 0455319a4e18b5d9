package io.mpmexporter.probe;

import io.mpmexporter.apache.StatusAccess;
import java.time.Duration;
import java.util.List;

/**
 * One named way to read a target's status page, from the probe configuration file: what a bare
 * {@code host:port} target becomes ({@code scheme}, {@code path}), how long a probe may take, how
 * the page is reached when protected, and which MPMs are expected there. {@link #toString()} never
 * shows credentials ({@link StatusAccess} hides them).
 *
 * @param scheme http or https, for targets written without one
 * @param path path and query of the status page, e.g. {@code /server-status?auto}
 * @param timeout the longest a probe may take (less when Prometheus's scrape timeout is shorter)
 * @param expectedMpms empty: no expectation, no {@code apache_mpm_unexpected}
 */
public record ProbeModule(
    String name,
    String scheme,
    String path,
    Duration timeout,
    StatusAccess access,
    List<String> expectedMpms) {

  public static final String DEFAULT_PATH = "/server-status?auto";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public ProbeModule {
    expectedMpms = List.copyOf(expectedMpms);
  }

  /** The port of a target written without one. */
  int defaultPort() {
    return scheme.equals("https") ? 443 : 80;
  }
}
