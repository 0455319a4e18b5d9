package io.mpmexporter.advisor;

import java.util.List;
import java.util.OptionalLong;

/**
 * Apache's memory at one moment, read from {@code /proc}: the parent named by the pid file and its
 * child processes (the workers' processes; a hand-over's bridge and its children are not counted).
 *
 * @param parentRssBytes the parent's VmRSS
 * @param parentAnonBytes the parent's RssAnon, -1 when the kernel does not print it (before 4.5)
 */
public record ApacheMemory(
    long parentPid, long parentRssBytes, long parentAnonBytes, List<Child> children) {

  /**
   * One child process.
   *
   * @param rssBytes VmRSS from {@code /proc/PID/status} (readable by any user): it counts the pages
   *     shared with the parent and the other children in full, so a sum over the children
   *     overstates their total
   * @param anonBytes RssAnon (anonymous memory: heap, pools, stacks), -1 when not printed
   * @param fileBytes RssFile plus RssShmem (the binary, libraries, shared memory: shared with the
   *     parent and the other children)
   * @param pssBytes Pss from {@code /proc/PID/smaps_rollup} (shared pages divided among their
   *     users), -1 when not readable (another user's process without root)
   * @param threads the Threads line of {@code /proc/PID/status}
   */
  public record Child(
      long pid, long rssBytes, long anonBytes, long fileBytes, long pssBytes, int threads) {}

  public ApacheMemory {
    children = List.copyOf(children);
  }

  /** The sum of the children's VmRSS. */
  public long childrenRssBytes() {
    return children.stream().mapToLong(Child::rssBytes).sum();
  }

  /**
   * Without PSS, an estimate of the children's own memory from what any user may read: each child's
   * anonymous memory beyond the parent's (what it allocated after the fork), plus an even share,
   * among the parent and its children, of the parent's anonymous memory (copy-on-write pages they
   * all still share) and of the file pages. Within 1.3x (prefork) and 1.4x (event) of PSS on the
   * recorded idle instances, where VmRSS is 7x and 3.6x. Empty when RssAnon is not printed.
   */
  public OptionalLong childrenEstimateBytes() {
    if (children.isEmpty()
        || parentAnonBytes < 0
        || children.stream().anyMatch(c -> c.anonBytes() < 0)) {
      return OptionalLong.empty();
    }
    long sharers = children.size() + 1L;
    long sum = 0;
    for (Child c : children) {
      sum +=
          Math.max(0, c.anonBytes() - parentAnonBytes)
              + (parentAnonBytes + c.fileBytes()) / sharers;
    }
    return OptionalLong.of(sum);
  }

  /** The sum of the children's PSS, empty when any child's could not be read. */
  public OptionalLong childrenPssBytes() {
    if (children.isEmpty() || children.stream().anyMatch(c -> c.pssBytes() < 0)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(children.stream().mapToLong(Child::pssBytes).sum());
  }
}
