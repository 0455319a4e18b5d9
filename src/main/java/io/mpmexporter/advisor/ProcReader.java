package io.mpmexporter.advisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Apache's processes from a {@code /proc} tree (a folder in tests). Children are the lists in
 * the parent's {@code task/TID/children} (Linux 3.5+ with CONFIG_PROC_CHILDREN), else every process
 * whose parent pid is Apache's.
 */
public final class ProcReader {
  private final Path proc;

  /**
   * @param proc normally {@code /proc}
   */
  public ProcReader(Path proc) {
    this.proc = proc;
  }

  /** The pid in Apache's pid file. */
  public static long pidFromFile(Path pidFile) throws IOException {
    String text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
    try {
      long pid = Long.parseLong(text);
      if (pid > 0) {
        return pid;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException(pidFile + " does not hold a pid: '" + abbreviate(text) + "'");
  }

  /**
   * Apache's parent and children.
   *
   * @throws IOException when the parent is not running (its {@code /proc} entry is missing)
   */
  public ApacheMemory read(long parentPid) throws IOException {
    Path parent = proc.resolve(Long.toString(parentPid));
    String status;
    try {
      status = Files.readString(parent.resolve("status"), StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new IOException("no process " + parentPid + " (Apache is not running?)");
    }
    List<ApacheMemory.Child> children = new ArrayList<>();
    for (long pid : children(parentPid)) {
      ApacheMemory.Child c = child(pid);
      if (c != null) {
        children.add(c);
      }
    }
    return new ApacheMemory(parentPid, kib(status, "VmRSS:") * 1024, anon(status), children);
  }

  /** The children of every thread of the parent (Apache forks from its main thread). */
  private List<Long> children(long parentPid) throws IOException {
    Path tasks = proc.resolve(parentPid + "/task");
    List<Long> pids = new ArrayList<>();
    boolean listed = false;
    if (Files.isDirectory(tasks)) {
      try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
        for (Path task : all) {
          Path list = task.resolve("children");
          if (!Files.isReadable(list)) {
            continue;
          }
          listed = true;
          for (String p : Files.readString(list, StandardCharsets.US_ASCII).trim().split("\\s+")) {
            if (!p.isEmpty()) {
              pids.add(Long.parseLong(p));
            }
          }
        }
      } catch (NoSuchFileException e) {
        // the parent exited meanwhile: no children
      }
    }
    if (listed) {
      return pids;
    }
    try (DirectoryStream<Path> all = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path p : all) {
        if (parentOf(p) == parentPid) {
          pids.add(Long.parseLong(p.getFileName().toString()));
        }
      }
    }
    return pids;
  }

  /** The ppid field of {@code PID/stat} (after the command name, which may hold spaces), or -1. */
  private static long parentOf(Path process) {
    try {
      String stat = Files.readString(process.resolve("stat"), StandardCharsets.US_ASCII);
      String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(rest[1]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * One child; null when it exited meanwhile (under load prefork children come and go between the
   * list and the read: the kernel answers ENOENT or ESRCH).
   */
  private ApacheMemory.Child child(long pid) {
    Path dir = proc.resolve(Long.toString(pid));
    try {
      String status = Files.readString(dir.resolve("status"), StandardCharsets.US_ASCII);
      long pss = -1;
      try {
        String rollup = Files.readString(dir.resolve("smaps_rollup"), StandardCharsets.US_ASCII);
        pss = kib(rollup, "Pss:") * 1024;
      } catch (AccessDeniedException | NoSuchFileException e) {
        // Another user's process (PSS needs the right to trace it), or a kernel before 4.14.
        if (!Files.exists(dir)) {
          return null;
        }
      }
      return new ApacheMemory.Child(
          pid,
          kib(status, "VmRSS:") * 1024,
          anon(status),
          (kib(status, "RssFile:") + kib(status, "RssShmem:")) * 1024,
          pss,
          (int) Math.max(1, kib(status, "Threads:")));
    } catch (IOException e) {
      return null;
    }
  }

  /** RssAnon in bytes, -1 when the kernel does not print it (before 4.5). */
  private static long anon(String status) {
    return status.contains("\nRssAnon:") ? kib(status, "RssAnon:") * 1024 : -1;
  }

  /** The number after {@code key} at the start of a line ("VmRSS: 4516 kB"), 0 when missing. */
  static long kib(String text, String key) {
    for (String line : text.split("\n")) {
      if (line.startsWith(key)) {
        String[] parts = line.substring(key.length()).trim().split("\\s+");
        try {
          return Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
