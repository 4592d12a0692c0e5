package io.lanekeeper.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows password guessing without letting a guesser lock an account's owner out. Before a password is checked:
 * <ul>
 *   <li>one account from one address: {@link #PER_PAIR} failures in a sliding {@link #WINDOW_MS}, then wait;</li>
 *   <li>one address (an IPv6 /64), whatever the accounts: {@link #PER_ADDRESS} failures in the window, then wait. A
 *       success does not clear it, so a guesser's logins to an account of their own buy no more guesses;</li>
 *   <li>one account, whatever the addresses: after {@link #FREE_PER_ACCOUNT} failures each further try waits twice
 *       as long as the last, from {@link #BACKOFF_BASE_MS} up to {@link #BACKOFF_MAX_MS}, until the account has been
 *       quiet for {@link #ACCOUNT_QUIET_MS}. Refused tries are not failures: they do not lengthen the wait.</li>
 * </ul>
 * An address the account has logged in from before (within {@link #KNOWN_FOR_MS}) is known for that account: it
 * waits only for its own failures (the first rule), so a flood of wrong passwords from elsewhere slows the guessers
 * and not the owner at their usual desk. A new address waits like anyone while the account is under attack.
 *
 * <p>Memory is bounded: each table forgets its least recently used keys past {@link #MAX_KEYS}. Time comes from the
 * clock given; event-loop confined.
 */
final class LoginLimiter {

  static final int PER_PAIR = 5;
  static final int PER_ADDRESS = 20;
  static final long WINDOW_MS = 10 * 60_000L;
  static final int FREE_PER_ACCOUNT = 5;
  static final long BACKOFF_BASE_MS = 1000;
  static final long BACKOFF_MAX_MS = 10 * 60_000L;
  static final long ACCOUNT_QUIET_MS = 60 * 60_000L;
  static final long KNOWN_FOR_MS = 30L * 24 * 3600_000L;
  static final int MAX_KEYS = 10_000;

  /** One account's failures from anywhere: how many since it was last quiet, and the latest. */
  private static final class Backoff {
    int failures;
    long lastAt;
  }

  private final LongSupplier clock;
  private final Map<String, ArrayDeque<Long>> pairs = lru();
  private final Map<String, ArrayDeque<Long>> addresses = lru();
  private final Map<String, Backoff> accounts = lru();
  /** account and address to when the account last logged in from there. */
  private final Map<String, Long> known = lru();

  LoginLimiter(LongSupplier clock) {
    this.clock = clock;
  }

  /** Milliseconds to wait before this login may be tried, 0 if it may be tried now. */
  long waitMs(String address, String name) {
    long now = clock.getAsLong();
    String from = addressKey(address);
    long own = window(pairs.get(pair(name, from)), PER_PAIR, now);
    if (isKnown(name, from, now)) {
      return own;
    }
    return Math.max(own, Math.max(window(addresses.get(from), PER_ADDRESS, now), backoff(accounts.get(name), now)));
  }

  void failed(String address, String name) {
    long now = clock.getAsLong();
    String from = addressKey(address);
    record(pairs, pair(name, from), PER_PAIR, now);
    record(addresses, from, PER_ADDRESS, now);
    Backoff b = accounts.computeIfAbsent(name, n -> new Backoff());
    if (now - b.lastAt > ACCOUNT_QUIET_MS) {
      b.failures = 0;
    }
    b.failures++;
    b.lastAt = now;
  }

  /**
   * The address is now known for the account, and its own failures there are forgiven. The address's and the
   * account's counts stay: they are what a guesser builds up, and a guesser may have an account of their own.
   */
  void succeeded(String address, String name) {
    String from = addressKey(address);
    known.put(pair(name, from), clock.getAsLong());
    pairs.remove(pair(name, from));
  }

  /** Entries held, all tables together (for the bound's test). */
  int size() {
    return pairs.size() + addresses.size() + accounts.size() + known.size();
  }

  private boolean isKnown(String name, String from, long now) {
    Long at = known.get(pair(name, from));
    return at != null && now - at < KNOWN_FOR_MS;
  }

  private static long window(ArrayDeque<Long> q, int limit, long now) {
    if (q == null) {
      return 0;
    }
    while (!q.isEmpty() && now - q.peekFirst() >= WINDOW_MS) {
      q.pollFirst();
    }
    return q.size() < limit ? 0 : q.peekFirst() + WINDOW_MS - now;
  }

  private static long backoff(Backoff b, long now) {
    if (b == null || b.failures < FREE_PER_ACCOUNT || now - b.lastAt > ACCOUNT_QUIET_MS) {
      return 0;
    }
    long wait = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS << Math.min(30, b.failures - FREE_PER_ACCOUNT));
    return Math.max(0, b.lastAt + wait - now);
  }

  private static void record(Map<String, ArrayDeque<Long>> table, String key, int limit, long now) {
    ArrayDeque<Long> q = table.computeIfAbsent(key, k -> new ArrayDeque<>());
    q.addLast(now);
    while (q.size() > limit) {
      q.pollFirst();
    }
  }

  private static String pair(String name, String from) {
    return name + '\n' + from;
  }

  /** An IPv6 client picks among the 2^64 addresses of its network at will: it counts as its /64. */
  static String addressKey(String address) {
    if (address == null || address.indexOf(':') < 0) {
      return address;
    }
    try {
      byte[] b = InetAddress.getByName(address).getAddress();
      return b.length == 16 ? HexFormat.of().formatHex(b, 0, 8) + "::/64" : address;
    } catch (UnknownHostException e) {
      return address;
    }
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> e) {
        return size() > MAX_KEYS;
      }
    };
  }
}
