package io.lanekeeper.web;

import io.lanekeeper.config.HttpConfig;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * The server's check of who is asking and what they may do, in front of every route that needs more than
 * {@link Role#ANYONE}: a session cookie or an API token, else 401; a role too low, 403. A request that changes
 * something with a session cookie must also carry the session's CSRF token in {@link #CSRF_HEADER} and, when the
 * browser says where it comes from, come from this server's own origin (the WebSocket too: a page elsewhere must
 * not open a logged-in connection). API tokens are never sent by a browser on its own, so they need neither.
 */
final class Auth {

  static final String CSRF_HEADER = "X-CSRF-Token";
  private static final String PRINCIPAL = "lanekeeper.principal";
  private static final String SESSION = "lanekeeper.session";
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final Sessions sessions;
  private final List<HttpConfig.ApiToken> tokens;
  private final boolean secureCookies;

  Auth(Sessions sessions, HttpConfig http) {
    this.sessions = sessions;
    this.tokens = http.tokens();
    this.secureCookies = http.secureCookies();
  }

  Sessions sessions() {
    return sessions;
  }

  /** The handler that lets through only requests allowed {@code role}. */
  Handler<RoutingContext> require(Role role) {
    return ctx -> {
      // a change from a page of another site is refused whoever sends it: a login or a setup too (login CSRF)
      if (!SAFE.contains(ctx.request().method()) && !sameOrigin(ctx.request())) {
        throw new ApiError(403, "cross_origin", null, "requests from another site are refused");
      }
      if (role == Role.ANYONE) {
        ctx.next();
        return;
      }
      Principal who = identify(ctx);
      if (who == null) {
        throw new ApiError(401, "unauthenticated", null, "log in first");
      }
      if (!who.role().allows(role)) {
        throw new ApiError(403, "forbidden", null, "this needs the " + role.account() + " role; "
            + who.name() + " is " + who.role().account());
      }
      ctx.next();
    };
  }

  /**
   * Who sent the request: its API token or its live session (whose idle clock this restarts); null for nobody.
   * Throws 403 for a session request that changes something without the CSRF token or from another origin.
   */
  Principal identify(RoutingContext ctx) {
    Principal known = ctx.get(PRINCIPAL);
    if (known != null) {
      return known;
    }
    HttpServerRequest req = ctx.request();
    String authz = req.getHeader(HttpHeaders.AUTHORIZATION);
    if (authz != null && authz.regionMatches(true, 0, "Bearer ", 0, 7)) {
      Principal t = token(authz.substring(7).strip());
      if (t == null) {
        throw new ApiError(401, "bad_token", null, "the API token is not known here");
      }
      ctx.put(PRINCIPAL, t);
      return t;
    }
    Cookie c = req.getCookie(Sessions.COOKIE);
    Sessions.Session s = c == null ? null : sessions.touch(c.getValue(), System.currentTimeMillis());
    if (s == null) {
      return null;
    }
    boolean websocket = "websocket".equalsIgnoreCase(req.getHeader(HttpHeaders.UPGRADE));
    if (!SAFE.contains(req.method()) || websocket) {
      if (!sameOrigin(req)) {
        throw new ApiError(403, "cross_origin", null, "requests from another site are refused");
      }
      if (!websocket && !constantTimeEquals(req.getHeader(CSRF_HEADER), s.csrf)) {
        throw new ApiError(403, "csrf", null, "missing or wrong " + CSRF_HEADER + " header; reload the page");
      }
    }
    ctx.put(PRINCIPAL, s.who);
    ctx.put(SESSION, s);
    return s.who;
  }

  /** The person or device behind a request that passed {@link #require}. */
  static Principal who(RoutingContext ctx) {
    Principal p = ctx.get(PRINCIPAL);
    if (p == null) {
      throw new IllegalStateException("route without authentication: " + ctx.request().path());
    }
    return p;
  }

  /** The session behind the request, if it came with one. */
  static Sessions.Session session(RoutingContext ctx) {
    return ctx.get(SESSION);
  }

  /** Starts a session: a new id (never one the client chose), sent as an HttpOnly, SameSite=Strict cookie. */
  Sessions.Session login(RoutingContext ctx, Principal who) {
    Cookie old = ctx.request().getCookie(Sessions.COOKIE);
    if (old != null) {
      sessions.end(old.getValue());
    }
    Sessions.Session s = sessions.create(who, System.currentTimeMillis());
    ctx.response().addCookie(cookie(s.id).setMaxAge(Sessions.MAX_AGE_MS / 1000));
    return s;
  }

  void logout(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(Sessions.COOKIE);
    if (c != null) {
      sessions.end(c.getValue());
    }
    ctx.response().addCookie(cookie("").setMaxAge(0));
  }

  private Cookie cookie(String value) {
    return Cookie.cookie(Sessions.COOKIE, value).setPath("/").setHttpOnly(true).setSecure(secureCookies)
        .setSameSite(CookieSameSite.STRICT);
  }

  private Principal token(String secret) {
    byte[] digest = io.lanekeeper.config.ApiTokens.sha256(secret);
    for (HttpConfig.ApiToken t : tokens) {
      if (MessageDigest.isEqual(digest, t.sha256())) {
        return new Principal(-1, "token:" + t.name(), Role.ofAccount(t.role()));
      }
    }
    return null;
  }

  /** Without an Origin header (curl, old browsers on same-origin GETs) there is nothing to check. */
  private static boolean sameOrigin(HttpServerRequest req) {
    String origin = req.getHeader(HttpHeaders.ORIGIN);
    if (origin == null) {
      return true;
    }
    String host = req.getHeader(HttpHeaders.HOST);
    try {
      URI o = URI.create(origin);
      String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
      return host != null && (host.equalsIgnoreCase(authority) || host.equalsIgnoreCase(o.getAuthority()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

}
