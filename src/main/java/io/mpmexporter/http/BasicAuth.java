package io.mpmexporter.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.mindrot.jbcrypt.BCrypt;

/**
 * Checks {@code Authorization: Basic} against bcrypt hashes. bcrypt costs tens of milliseconds by
 * design, too much for every scrape: a successful check is remembered as the SHA-256 of user and
 * password (never the password), so the next scrape with the same credentials costs a hash. A wrong
 * password is never remembered and always pays the full bcrypt price — but at most {@value
 * #BCRYPT_AT_ONCE} bcrypt checks run at once, and a check that cannot start within a second is a
 * refusal: a flood of wrong passwords costs the listener that many threads, not all of them. An
 * unknown user is checked against a dummy hash of the highest cost configured, so the time of an
 * answer does not tell real user names.
 */
public final class BasicAuth {
  static final int MAX_REMEMBERED = 64;
  static final int BCRYPT_AT_ONCE = 2;
  private final Map<String, String> users;
  private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
  private final Semaphore bcrypt = new Semaphore(BCRYPT_AT_ONCE);
  private final String dummy;

  /**
   * @param users user name → bcrypt hash ($2a$, $2b$ or $2y$)
   */
  public BasicAuth(Map<String, String> users) {
    this.users = Map.copyOf(users);
    this.dummy = BCrypt.hashpw("not a password", BCrypt.gensalt(highestCost(users.values())));
  }

  /** The highest cost among the hashes ($2b$12$... → 12); 10 when none can be read. */
  static int highestCost(Iterable<String> hashes) {
    int cost = 0;
    for (String h : hashes) {
      try {
        cost = Math.max(cost, Integer.parseInt(h.substring(4, 6)));
      } catch (RuntimeException unreadable) {
        // a bad hash never matches; it sets no cost
      }
    }
    return cost >= 4 && cost <= 31 ? cost : 10;
  }

  /** The dummy hash's cost, for the tests. */
  int dummyCost() {
    return Integer.parseInt(dummy.substring(4, 6));
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
      checkpw(password, dummy);
      return false;
    }
    byte[] fingerprint =
        Sha256.of((user + "\u0000" + password + "\u0000" + hash).getBytes(StandardCharsets.UTF_8));
    byte[] known = verified.get(user);
    if (known != null && MessageDigest.isEqual(known, fingerprint)) {
      return true;
    }
    boolean ok = checkpw(password, "$2a$" + hash.substring(4));
    if (ok && verified.size() < MAX_REMEMBERED) {
      verified.put(user, fingerprint);
    }
    return ok;
  }

  /** One bcrypt check within the bound; false when it cannot start within a second. */
  private boolean checkpw(String password, String hash) {
    try {
      if (!bcrypt.tryAcquire(1, TimeUnit.SECONDS)) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try {
      return BCrypt.checkpw(password, hash);
    } catch (IllegalArgumentException e) {
      return false;
    } finally {
      bcrypt.release();
    }
  }
}
