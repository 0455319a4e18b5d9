package io.mpmexporter.mpm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a configuration file so that Apache, and a recovery after a crash, only ever read the old
 * text or the new one, whole: a temp file in the same folder, fsynced, renamed over the file, the
 * folder fsynced.
 */
final class DurableFile {
  private DurableFile() {}

  /** Replaces (or creates, mode 0644) {@code file} with {@code text}. */
  static void replace(Path file, String text) throws SwitchException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.setPosixFilePermissions(
            tmp,
            Files.exists(file)
                ? Files.getPosixFilePermissions(file)
                : PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException notPosix) {
        // keep the default permissions
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new SwitchException("cannot replace " + file + " atomically: " + e.getMessage());
      }
      tmp = null;
      syncDirectory(dir);
    } catch (IOException e) {
      throw new SwitchException("cannot write " + file + ": " + e.getMessage());
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a stray temp file is harmless: Apache only includes *.conf
        }
      }
    }
  }

  /** Deletes {@code file} if it exists, durably. */
  static void delete(Path file) throws SwitchException {
    try {
      if (Files.deleteIfExists(file)) {
        syncDirectory(file.toAbsolutePath().getParent());
      }
    } catch (IOException e) {
      throw new SwitchException("cannot delete " + file + ": " + e.getMessage());
    }
  }

  /** Makes a rename or a deletion in {@code dir} durable. */
  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
