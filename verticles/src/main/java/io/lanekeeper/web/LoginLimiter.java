package io.lanekeeper.web;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password guessing: at most {@link #PER_NAME} failed logins per account name and {@link #PER_ADDRESS} per
 * client address in a sliding {@link #WINDOW_MS}; past that, logins from there (or to that name) are refused with
 * the time to wait, before any password is checked. A success clears the name's and the address's failures.
 * Bounded: the oldest keys are forgotten past {@link #MAX_KEYS}.
 */
final class LoginLimiter {

  static final int PER_NAME = 5;
  static final int PER_ADDRESS = 20;
  static final long WINDOW_MS = 10 * 60_000L;
  private static final int MAX_KEYS = 10_000;

  private final Map<String, ArrayDeque<Long>> failures = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Long>> e) {
      return size() > MAX_KEYS;
    }
  };

  /** Milliseconds to wait before this login may be tried, 0 if it may be tried now. */
  long waitMs(String address, String name, long now) {
    return Math.max(waitMs("a:" + address, PER_ADDRESS, now), waitMs("n:" + name, PER_NAME, now));
  }

  void failed(String address, String name, long now) {
    record("a:" + address, now);
    record("n:" + name, now);
  }

  void succeeded(String address, String name) {
    failures.remove("a:" + address);
    failures.remove("n:" + name);
  }

  private long waitMs(String key, int limit, long now) {
    ArrayDeque<Long> q = failures.get(key);
    if (q == null) {
      return 0;
    }
    while (!q.isEmpty() && now - q.peekFirst() >= WINDOW_MS) {
      q.pollFirst();
    }
    return q.size() < limit ? 0 : q.peekFirst() + WINDOW_MS - now;
  }

  private void record(String key, long now) {
    ArrayDeque<Long> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    q.addLast(now);
    while (q.size() > PER_ADDRESS) {
      q.pollFirst();
    }
  }
}
