package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The login limiter slows guessers and not the accounts' owners")
class LoginLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final LoginLimiter limiter = new LoginLimiter(now::get);

  private void later(long ms) {
    now.addAndGet(ms);
  }

  @Test
  @DisplayName("Good logins to the guesser's own account do not reset the address's count of failures")
  void ownLoginsDoNotReset() {
    limiter.succeeded("10.0.0.66", "mallory");
    int tried = 0;
    for (int i = 0; limiter.waitMs("10.0.0.66", "user" + i) == 0; i++) {
      limiter.failed("10.0.0.66", "user" + i);
      tried++;
      if (i % 19 == 0) {
        assertThat(limiter.waitMs("10.0.0.66", "mallory")).isZero();
        limiter.succeeded("10.0.0.66", "mallory");
      }
      later(1000);
    }
    assertThat(tried).isEqualTo(LoginLimiter.PER_ADDRESS);
    assertThat(limiter.waitMs("10.0.0.66", "someone-new")).isPositive();
    // the window slides: the oldest failure leaves it and one more try is allowed
    later(LoginLimiter.WINDOW_MS - LoginLimiter.PER_ADDRESS * 1000L + 1);
    assertThat(limiter.waitMs("10.0.0.66", "someone-new")).isZero();
  }

  @Test
  @DisplayName("Wrong passwords from elsewhere do not keep the owner out at an address they used before")
  void ownerAtKnownAddressPasses() {
    limiter.succeeded("192.168.1.10", "admin");
    for (int i = 0; i < 50; i++) {
      limiter.failed("203.0.113." + i, "admin");
    }
    assertThat(limiter.waitMs("203.0.113.200", "admin")).as("a new guesser").isPositive();
    assertThat(limiter.waitMs("192.168.1.10", "admin")).as("the owner at their desk").isZero();
    // the owner's own typing mistakes still count, there too
    for (int i = 0; i < LoginLimiter.PER_PAIR; i++) {
      limiter.failed("192.168.1.10", "admin");
    }
    assertThat(limiter.waitMs("192.168.1.10", "admin")).isPositive();
    limiter.succeeded("192.168.1.10", "admin");
    assertThat(limiter.waitMs("192.168.1.10", "admin")).isZero();
  }

  @Test
  @DisplayName("Guesses at one account from many addresses wait twice as long each time, up to the cap")
  void accountBacksOff() {
    for (int i = 0; i < LoginLimiter.FREE_PER_ACCOUNT; i++) {
      assertThat(limiter.waitMs("198.51.100." + i, "admin")).isZero();
      limiter.failed("198.51.100." + i, "admin");
    }
    long previous = 0;
    for (int i = 0; i < 14; i++) {
      String from = "198.51.101." + i;
      long wait = limiter.waitMs(from, "admin");
      assertThat(wait).isPositive().isLessThanOrEqualTo(LoginLimiter.BACKOFF_MAX_MS);
      assertThat(wait).isGreaterThanOrEqualTo(Math.min(LoginLimiter.BACKOFF_MAX_MS, previous * 2));
      // refused tries change nothing
      assertThat(limiter.waitMs(from, "admin")).isEqualTo(wait);
      later(wait);
      assertThat(limiter.waitMs(from, "admin")).isZero();
      limiter.failed(from, "admin");
      previous = wait;
    }
    assertThat(previous).isEqualTo(LoginLimiter.BACKOFF_MAX_MS);
    later(LoginLimiter.ACCOUNT_QUIET_MS + 1);
    assertThat(limiter.waitMs("198.51.102.1", "admin")).isZero();
  }

  @Test
  @DisplayName("A client's IPv6 addresses count as its /64")
  void ipv6CountsByNetwork() {
    for (int i = 0; i < LoginLimiter.PER_ADDRESS; i++) {
      limiter.failed("2001:db8:1:2::" + Integer.toHexString(i + 1), "user" + i);
    }
    assertThat(limiter.waitMs("2001:db8:1:2:ffff::9", "another")).isPositive();
    assertThat(limiter.waitMs("2001:db8:1:3::1", "another")).isZero();
    assertThat(LoginLimiter.addressKey("2001:db8:1:2::1")).isEqualTo(LoginLimiter.addressKey("2001:0db8:1:2:a:b:c:d"));
  }

  @Test
  @DisplayName("Memory stays bounded however many names and addresses are tried")
  void bounded() {
    for (int i = 0; i < 100_000; i++) {
      limiter.failed("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), "name" + i);
      limiter.succeeded("10.9.9.9", "name" + i);
    }
    assertThat(limiter.size()).isLessThanOrEqualTo(4 * LoginLimiter.MAX_KEYS);
  }
}
