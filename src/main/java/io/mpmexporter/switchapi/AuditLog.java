package io.mpmexporter.switchapi;

import io.mpmexporter.config.UsageException;
import io.mpmexporter.json.JsonWriter;
import io.mpmexporter.log.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * One JSON line per admin POST, appended and flushed to disk before the client gets its answer.
 * Without a file the lines go to the daemon's log. The token never reaches it: callers pass its
 * fingerprint.
 */
public final class AuditLog {
  private final Path file;

  /**
   * @param file the audit file, created 0600 if missing; null to log instead
   */
  public AuditLog(Path file) {
    this.file = file;
  }

  /**
   * The audit log of {@code file}, opened once at start so that a bad path fails the start and not
   * the first switch.
   *
   * @throws UsageException naming --admin.audit-log when the file cannot be appended to
   */
  public static AuditLog open(Path file) throws UsageException {
    AuditLog log = new AuditLog(file);
    try {
      log.check();
    } catch (IOException e) {
      throw new UsageException("--admin.audit-log: cannot append to " + file + ": " + e);
    }
    return log;
  }

  /** Opens the file once at start, so a bad path fails the start and not the first switch. */
  private void check() throws IOException {
    if (file != null) {
      try (FileChannel ch = open()) {
        ch.force(false);
      }
    }
  }

  public synchronized void append(Map<String, Object> entry) {
    String line = JsonWriter.write(entry);
    if (file == null) {
      Log.info("admin audit", "entry", line);
      return;
    }
    try (FileChannel ch = open()) {
      ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(false);
    } catch (IOException e) {
      Log.error("cannot write the audit log", "file", file, "err", e.getMessage(), "entry", line);
    }
  }

  private FileChannel open() throws IOException {
    if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // another writer created it
      }
    }
    // A symlink put in the file's place is refused (O_NOFOLLOW), not written through.
    return FileChannel.open(
        file, StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
  }
}
