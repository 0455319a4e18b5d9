package io.mpmexporter.http;

import io.mpmexporter.config.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

/**
 * A password kept in a file, as the status page's Basic credentials are: the first line, trailing
 * blanks cut, from a file nobody but its owner and group may read. Errors name the setting that
 * pointed at the file and never show its content.
 */
public final class PasswordFile {
  private PasswordFile() {}

  /**
   * @param setting the flag or config key that named the file, for the error
   */
  public static String read(Path file, String setting) throws UsageException {
    String password;
    try {
      if (Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
        throw new UsageException(setting + ": " + file + " is world-readable (chmod o-r)");
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      password = (nl < 0 ? text : text.substring(0, nl)).stripTrailing();
    } catch (IOException e) {
      throw new UsageException(setting + ": cannot read " + file + ": " + e);
    }
    if (password.isEmpty()) {
      throw new UsageException(setting + ": " + file + " is empty");
    }
    return password;
  }
}
