package io.mpmexporter.admin;

import io.mpmexporter.config.UsageException;
import io.mpmexporter.http.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;

/**
 * The admin bearer token, read from a file only the daemon's user may read. Only its SHA-256 is
 * kept: comparisons hash the presented token and compare digests in constant time, so neither the
 * content nor the length of the real token leaks through timing. The token itself is never logged;
 * the audit log names it by a short fingerprint.
 */
public final class AdminToken {
  static final int MIN_BYTES = 32;
  private static final String FLAG = "--admin.token-file";

  private final byte[] digest;

  AdminToken(byte[] token) {
    this.digest = Sha256.of(token);
  }

  /**
   * Reads and checks the token file: a regular file, no group or other permission bits, at least
   * {@value #MIN_BYTES} bytes of printable ASCII (surrounding whitespace and the final newline are
   * ignored).
   */
  public static AdminToken read(Path file) throws UsageException {
    if (!Files.isRegularFile(file)) {
      throw new UsageException(FLAG + ": " + file + " is not a regular file");
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      for (PosixFilePermission p : perms) {
        if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
          throw new UsageException(
              FLAG
                  + ": "
                  + file
                  + " is accessible by group or others ("
                  + PosixFilePermissions.toString(perms)
                  + "); run chmod 600 on it");
        }
      }
    } catch (UnsupportedOperationException notPosix) {
      // not a POSIX file system: nothing to check
    } catch (IOException e) {
      throw new UsageException(FLAG + ": cannot read " + file + ": " + e.getMessage());
    }
    byte[] raw;
    try {
      raw = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UsageException(FLAG + ": cannot read " + file + ": " + e.getMessage());
    }
    String token = new String(raw, StandardCharsets.ISO_8859_1).strip();
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c > '~') {
        throw new UsageException(
            FLAG + ": the token must be printable ASCII without spaces (e.g. base64 or hex)");
      }
    }
    if (token.length() < MIN_BYTES) {
      throw new UsageException(
          FLAG
              + ": the token has "
              + token.length()
              + " bytes, fewer than "
              + MIN_BYTES
              + " (make one with: openssl rand -hex 32)");
    }
    return new AdminToken(token.getBytes(StandardCharsets.US_ASCII));
  }

  /** True when {@code presented} is the token; constant time in the content of both. */
  public boolean matches(String presented) {
    return MessageDigest.isEqual(digest, Sha256.of(presented.getBytes(StandardCharsets.UTF_8)));
  }

  /** The first 12 hex digits of the token's SHA-256: says which token, reveals nothing useful. */
  public String fingerprint() {
    return HexFormat.of().formatHex(digest, 0, 6);
  }
}
