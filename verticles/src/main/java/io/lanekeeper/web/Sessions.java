package io.lanekeeper.web;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Logged-in sessions, in memory on the web verticle's event loop (a restart logs everyone out, which is what a gate
 * device that restarted should do). A session id is 256 random bits, sent only in an HttpOnly cookie; each session
 * carries its own CSRF token, which the page reads from {@code /api/session} and sends back in a header.
 * A session ends after {@link #IDLE_MS} without a request or a live connection, after {@link #MAX_AGE_MS} in any
 * case, at logout, and when an admin changes or disables the account.
 */
final class Sessions {

  static final String COOKIE = "lk_session";
  static final long IDLE_MS = 12 * 3600_000L;
  static final long MAX_AGE_MS = 7 * 24 * 3600_000L;
  /** One person on many screens is fine; a script creating sessions forever is not. */
  static final int MAX_SESSIONS = 10_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Session> sessions = new HashMap<>();
  private final List<Consumer<Session>> onEnd = new ArrayList<>();

  /** One session. {@code lastSeen} is refreshed by requests and by the live connection. */
  static final class Session {
    final String id;
    final Principal who;
    final String csrf;
    final long created;
    long lastSeen;
    /** The account's interface language (read at login, changed from the account page or by an admin). */
    String language = Languages.DEFAULT;

    Session(String id, Principal who, String csrf, long now) {
      this.id = id;
      this.who = who;
      this.csrf = csrf;
      this.created = now;
      this.lastSeen = now;
    }
  }

  Session create(Principal who, long now) {
    if (sessions.size() >= MAX_SESSIONS) {
      expire(now);
      if (sessions.size() >= MAX_SESSIONS) {
        // the oldest goes: better than refusing the person at the door
        sessions.values().stream().min((a, b) -> Long.compare(a.lastSeen, b.lastSeen)).ifPresent(this::end);
      }
    }
    Session s = new Session(token(), who, token(), now);
    sessions.put(s.id, s);
    return s;
  }

  /** The live session with this id, its idle clock restarted; null if there is none or it has run out. */
  Session touch(String id, long now) {
    Session s = id == null ? null : sessions.get(id);
    if (s == null) {
      return null;
    }
    if (now - s.lastSeen > IDLE_MS || now - s.created > MAX_AGE_MS) {
      end(s);
      return null;
    }
    s.lastSeen = now;
    return s;
  }

  void end(String id) {
    Session s = sessions.get(id);
    if (s != null) {
      end(s);
    }
  }

  /** Ends every session of the account (disabled, role or password changed). */
  void endUser(long userId) {
    sessions.values().stream().filter(s -> s.who.userId() == userId).toList().forEach(this::end);
  }

  /** Every live session of the account takes its new interface language. */
  void language(long userId, String language) {
    sessions.values().stream().filter(s -> s.who.userId() == userId).forEach(s -> s.language = language);
  }

  /** Called with each session that ends, e.g. to close its live connections. */
  void onEnd(Consumer<Session> c) {
    onEnd.add(c);
  }

  void expire(long now) {
    sessions.values().stream().filter(s -> now - s.lastSeen > IDLE_MS || now - s.created > MAX_AGE_MS).toList()
        .forEach(this::end);
  }

  int size() {
    return sessions.size();
  }

  private void end(Session s) {
    if (sessions.remove(s.id) != null) {
      onEnd.forEach(c -> c.accept(s));
    }
  }

  static String token() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
