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
  /**
   * The least the token must carry, counted from its length and alphabet: hex 4 bits a character
   * (64 characters), base64 6 (43, padding not counted), any other printable ASCII 6 (43). The
   * docs' generator, {@code head -c 32 /dev/urandom | base64}, gives 256.
   */
  static final int MIN_BITS = 256;

  private static final String FLAG = "--admin.token-file";

  private final byte[] digest;

  AdminToken(byte[] token) {
    this.digest = Sha256.of(token);
  }

  /**
   * Reads and checks the token file: a regular file, no group or other permission bits, printable
   * ASCII of at least {@value #MIN_BITS} bits by {@link #bits} (surrounding whitespace and the
   * final newline are ignored).
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
    int bits = bits(token);
    if (bits < MIN_BITS) {
      throw new UsageException(
          FLAG
              + ": the token has "
              + token.length()
              + " characters, "
              + bits
              + " bits at most, fewer than "
              + MIN_BITS
              + " (make one with: head -c 32 /dev/urandom | base64, or openssl rand -hex 32)");
    }
    return new AdminToken(token.getBytes(StandardCharsets.US_ASCII));
  }

  /** The most a token of this length and alphabet can carry, in bits. */
  static int bits(String token) {
    boolean hex = token.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    if (hex) {
      return token.length() * 4;
    }
    String unpadded = token.replaceAll("=+$", "");
    return unpadded.length() * 6;
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
