package io.mpmexporter.agent;

import io.mpmexporter.config.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The folders the root agent writes in (its socket's, its audit log's, its state folder) must be
 * real folders of the agent's own user that nobody else may write to: in a folder another user can
 * write, that user could put a symlink where the agent creates a file, or replace the socket.
 */
public final class PrivateFolder {
  private PrivateFolder() {}

  /**
   * Creates {@code dir} with {@code mode} when missing, then checks it.
   *
   * @throws UsageException naming {@code flag} when it is a symlink, not a folder, owned by another
   *     user, or writable by group or others
   */
  public static void require(String flag, Path dir, String mode) throws UsageException {
    try {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(
            dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
      }
      PosixFileAttributes a =
          Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isDirectory()) {
        throw new UsageException(flag + ": " + dir + " is not a folder (a symlink is refused)");
      }
      String me = System.getProperty("user.name");
      if (!a.owner().getName().equals(me)
          || a.permissions().contains(PosixFilePermission.GROUP_WRITE)
          || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
        throw new UsageException(
            flag
                + ": "
                + dir
                + " must be owned by "
                + me
                + " and writable by nobody else (it is "
                + a.owner().getName()
                + ", "
                + PosixFilePermissions.toString(a.permissions())
                + ")");
      }
    } catch (IOException e) {
      throw new UsageException(flag + ": cannot use " + dir + ": " + e);
    }
  }
}
