package io.mpmexporter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpmexporter.admin.AdminGuard.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdminGuardTest {
  static final String TOKEN = "0123456789abcdef0123456789abcdef";
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AdminGuard guard =
      new AdminGuard(
          new AdminToken(TOKEN.getBytes(StandardCharsets.US_ASCII)),
          3,
          Duration.ofSeconds(60),
          now::get);

  private Verdict check(String address, String... headers) {
    return guard.check(address, headers.length == 0 ? null : List.of(headers));
  }

  @Test
  void onlyABearerHeaderWithTheExactTokenPasses() {
    assertThat(check("a", "Bearer " + TOKEN)).isEqualTo(Verdict.OK);
    assertThat(check("a", "bearer " + TOKEN))
        .as("the scheme is case-insensitive")
        .isEqualTo(Verdict.OK);
    assertThat(check("b")).isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(check("c", "Bearer " + TOKEN + "x")).isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(check("d", "Bearer " + TOKEN.substring(1))).isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(check("e", "Basic " + TOKEN)).isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(check("f", TOKEN)).isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(check("g", "Bearer")).isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(check("h", "Bearer " + TOKEN, "Bearer " + TOKEN))
        .as("two headers")
        .isEqualTo(Verdict.UNAUTHORIZED);
  }

  @Test
  void repeatedFailuresLockOutFurtherFailuresButNeverTheRightToken() {
    for (int i = 0; i < 3; i++) {
      assertThat(check("10.0.0.1", "Bearer nope")).isEqualTo(Verdict.UNAUTHORIZED);
    }
    assertThat(check("10.0.0.1", "Bearer nope")).isEqualTo(Verdict.LOCKED);
    assertThat(guard.retryAfterSeconds("10.0.0.1")).isEqualTo(60);
    assertThat(check("10.0.0.1", "Bearer " + TOKEN))
        .as("the operator, locked")
        .isEqualTo(Verdict.OK);
    assertThat(check("10.0.0.2", "Bearer nope"))
        .as("other addresses")
        .isEqualTo(Verdict.UNAUTHORIZED);
  }

  @Test
  void aLockLastsItsTimeThenFailuresCountAgain() {
    for (int i = 0; i < 3; i++) {
      check("10.0.0.1", "Bearer nope");
    }
    now.addAndGet(Duration.ofSeconds(59).toNanos());
    assertThat(check("10.0.0.1", "Bearer nope")).isEqualTo(Verdict.LOCKED);
    assertThat(guard.retryAfterSeconds("10.0.0.1")).isEqualTo(1);
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(check("10.0.0.1", "Bearer nope")).isEqualTo(Verdict.UNAUTHORIZED);
  }

  @Test
  void twoThousandWrongTokensThenTheRightOne() {
    for (int i = 0; i < 2000; i++) {
      check("127.0.0.1", "Bearer wrong-" + i);
    }
    assertThat(check("127.0.0.1", "Bearer " + TOKEN)).isEqualTo(Verdict.OK);
  }

  @Test
  void failuresOutsideTheWindowDoNotAddUp() {
    assertThat(check("x", "Bearer nope")).isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(check("x", "Bearer nope")).isEqualTo(Verdict.UNAUTHORIZED);
    now.addAndGet(Duration.ofSeconds(61).toNanos());
    // Counted together, these would be failures 3 and 4: the lock set by the third refuses the
    // fourth. In a new window they are 1 and 2.
    assertThat(check("x", "Bearer nope")).isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(check("x", "Bearer nope")).as("a new window").isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(check("x", "Bearer nope"))
        .as("the third in the window")
        .isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(check("x", "Bearer nope")).as("locked by the third").isEqualTo(Verdict.LOCKED);
  }

  @Test
  void aSuccessClearsEarlierFailures() {
    assertThat(check("y", "Bearer nope")).isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(check("y", "Bearer nope")).isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(check("y", "Bearer " + TOKEN)).isEqualTo(Verdict.OK);
    // Without the clearing these would be failures 3 and 4, the fourth refused by the lock.
    assertThat(check("y", "Bearer nope")).isEqualTo(Verdict.UNAUTHORIZED);
    assertThat(check("y", "Bearer nope"))
        .as("cleared by the success")
        .isEqualTo(Verdict.UNAUTHORIZED);
  }

  @Test
  void aFullTableKeepsItsActiveLocksAndSharesAnOverflowEntry() {
    for (int i = 0; i < 3; i++) {
      check("attacker", "Bearer nope");
    }
    for (int i = 0; i < AdminGuard.MAX_TRACKED + 500; i++) {
      check("addr-" + i, "Bearer nope");
    }
    assertThat(check("attacker", "Bearer nope")).as("not evicted").isEqualTo(Verdict.LOCKED);
    // The 500 beyond the table shared one entry: it is locked after 3 of their failures.
    assertThat(check("addr-new", "Bearer nope")).isEqualTo(Verdict.LOCKED);
    assertThat(check("addr-new", "Bearer " + TOKEN)).isEqualTo(Verdict.OK);
    assertThat(check("addr-0", "Bearer " + TOKEN)).isEqualTo(Verdict.OK);
  }

  @Test
  void fingerprintIsShortAndNotTheToken() {
    assertThat(guard.fingerprint()).hasSize(12).matches("[0-9a-f]+");
    assertThat(TOKEN).doesNotContain(guard.fingerprint());
  }
}
