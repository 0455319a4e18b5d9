package io.mpmexporter.advisor;

import java.util.List;
import java.util.OptionalLong;

/**
 * Apache's memory at one moment, read from {@code /proc}: the parent named by the pid file and its
 * child processes (the workers' processes; a hand-over's bridge and its children are not counted).
 *
 * @param parentRssBytes the parent's VmRSS
 */
public record ApacheMemory(long parentPid, long parentRssBytes, List<Child> children) {

  /**
   * One child process.
   *
   * @param rssBytes VmRSS from {@code /proc/PID/status} (readable by any user): it counts the pages
   *     shared with the parent and the other children in full, so a sum over the children
   *     overstates their total
   * @param pssBytes Pss from {@code /proc/PID/smaps_rollup} (shared pages divided among their
   *     users), -1 when not readable (another user's process without root)
   * @param threads the Threads line of {@code /proc/PID/status}
   */
  public record Child(long pid, long rssBytes, long pssBytes, int threads) {}

  public ApacheMemory {
    children = List.copyOf(children);
  }

  /** The sum of the children's VmRSS. */
  public long childrenRssBytes() {
    return children.stream().mapToLong(Child::rssBytes).sum();
  }

  /** The sum of the children's PSS, empty when any child's could not be read. */
  public OptionalLong childrenPssBytes() {
    if (children.isEmpty() || children.stream().anyMatch(c -> c.pssBytes() < 0)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(children.stream().mapToLong(Child::pssBytes).sum());
  }
}
