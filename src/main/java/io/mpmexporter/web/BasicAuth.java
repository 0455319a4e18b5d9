package io.mpmexporter.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mindrot.jbcrypt.BCrypt;

/**
 * Checks {@code Authorization: Basic} against bcrypt hashes. bcrypt costs tens of milliseconds by
 * design, too much for every scrape: a successful check is remembered as the SHA-256 of user and
 * password (never the password), so the next scrape with the same credentials costs a hash. A wrong
 * password is never remembered and always pays the full bcrypt price.
 */
public final class BasicAuth {
  static final int MAX_REMEMBERED = 64;
  private final Map<String, String> users;
  private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

  /**
   * @param users user name → bcrypt hash ($2a$, $2b$ or $2y$)
   */
  public BasicAuth(Map<String, String> users) {
    this.users = Map.copyOf(users);
  }

  /** True when the request's only Authorization header names a user with the right password. */
  public boolean allows(List<String> authorization) {
    if (authorization == null || authorization.size() != 1) {
      return false;
    }
    String h = authorization.get(0);
    int space = h.indexOf(' ');
    if (space < 0 || !h.substring(0, space).equalsIgnoreCase("basic")) {
      return false;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(h.substring(space + 1).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String user = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    String hash = users.get(user);
    if (hash == null) {
      // Spend the same time as for a real user, so user names cannot be probed by timing.
      BCrypt.checkpw(password, DUMMY);
      return false;
    }
    byte[] fingerprint =
        Sha256.of((user + "\u0000" + password + "\u0000" + hash).getBytes(StandardCharsets.UTF_8));
    byte[] known = verified.get(user);
    if (known != null && MessageDigest.isEqual(known, fingerprint)) {
      return true;
    }
    boolean ok;
    try {
      ok = BCrypt.checkpw(password, "$2a$" + hash.substring(4));
    } catch (IllegalArgumentException e) {
      ok = false;
    }
    if (ok && verified.size() < MAX_REMEMBERED) {
      verified.put(user, fingerprint);
    }
    return ok;
  }

  private static final String DUMMY = BCrypt.hashpw("not a password", BCrypt.gensalt(10));
}
