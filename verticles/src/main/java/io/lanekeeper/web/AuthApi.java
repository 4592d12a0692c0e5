package io.lanekeeper.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.lanekeeper.bus.Addresses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging in and out, the session's own account, and the first run: while there is no account at all, a one-time
 * setup token is printed in the log, in a framed block that stands out of the lines around it, and written to a file
 * under the data directory that only the controller's user can read ({@code dataDir/setup-token}); {@code POST
 * /api/setup} with it creates the first admin, and the file is deleted. There is never a default password.
 */
final class AuthApi {

  private static final Logger LOG = LoggerFactory.getLogger(AuthApi.class);
  /** argon2id takes 19 MiB and tens of milliseconds; a flood of logins must not take the device's memory. */
  private static final int MAX_CONCURRENT_HASHES = 4;
  private static final long SETUP_RETRY_MS = 30_000;

  private final Vertx vertx;
  private final Database db;
  private final Auth auth;
  private final LoginLimiter limiter = new LoginLimiter(System::currentTimeMillis);
  private String publicUrl;
  private int hashing;
  /** While there is no account: the token that creates the first one. */
  private String setupToken;
  private boolean setupNeeded;
  /** Accounts were counted once: the first admin is made through setup, which clears the token itself. */
  private boolean setupChecked;

  /** Where the setup token is written while there is no account; null: the log only. */
  private final java.nio.file.Path tokenFile;

  /** The site's time zone, told with the account: the browser shows every time in it. */
  private final String siteZone;

  AuthApi(Vertx vertx, Database db, Auth auth, java.nio.file.Path tokenFile, java.time.ZoneId zone) {
    this.siteZone = zone.getId();
    this.tokenFile = tokenFile;
    this.vertx = vertx;
    this.db = db;
    this.auth = auth;
  }

  void mount(ApiRoutes api) {
    api.get("/api/session", Role.ANYONE, this::session);
    api.postJson("/api/login", Role.ANYONE, this::login);
    api.postJson("/api/logout", Role.VIEWER, this::logout);
    api.postJson("/api/session/password", Role.VIEWER, this::changePassword);
    api.putJson("/api/session/language", Role.VIEWER, this::changeLanguage);
    api.get("/api/setup", Role.ANYONE, ctx -> Replies.json(ctx, new JsonObject().put("needed", setupNeeded)));
    api.postJson("/api/setup", Role.ANYONE, this::setup);
  }

  /** Looks for accounts; with none, makes and logs the setup token. Tries again while the database is away. */
  void checkSetup(String url) {
    publicUrl = url;
    // a first start: the store may still be creating the tables; it says when they are there
    vertx.eventBus().localConsumer(Addresses.SCHEMA_READY, m -> {
      if (!setupChecked) {
        checkSetup();
      }
    });
    checkSetup();
  }

  private void checkSetup() {
    db.query(WebQueries.USER_COUNT, Tuple.tuple()).onSuccess(rows -> {
      setupChecked = true;
      long n = rows.iterator().next().getLong(0);
      setupNeeded = n == 0;
      if (setupNeeded && setupToken == null) {
        setupToken = Sessions.token().substring(0, 24);
        String token = setupToken;
        vertx.executeBlocking(() -> {
          SetupToken.write(tokenFile, token);
          return null;
        }, false).onComplete(ar -> {
          if (ar.failed()) {
            LOG.warn("Could not write the setup token to {}: {}", tokenFile, ar.cause().getMessage());
          }
          LOG.warn("{}", SetupToken.banner(publicUrl, token, ar.succeeded() ? tokenFile : null));
        });
      } else if (!setupNeeded) {
        removeTokenFile();
      }
    }).onFailure(t -> {
      if (String.valueOf(t.getMessage()).contains("does not exist")) {
        LOG.debug("No user accounts table yet; checking once the store has migrated the schema");
      } else {
        LOG.info("Cannot check for user accounts yet ({}); trying again in {} s", t.getMessage(),
            SETUP_RETRY_MS / 1000);
      }
      vertx.setTimer(SETUP_RETRY_MS, x -> {
        if (!setupChecked) {
          checkSetup();
        }
      });
    });
  }

  /** A setup token file left from before the first admin was made goes: it opens nothing any more. */
  private void removeTokenFile() {
    if (tokenFile != null) {
      vertx.executeBlocking(() -> java.nio.file.Files.deleteIfExists(tokenFile), false)
          .onFailure(t -> LOG.warn("Could not delete the used setup token file {}: {}", tokenFile, t.getMessage()));
    }
  }

  /** The setup token, for the command that prints it and for tests; null once an admin exists. */
  String setupToken() {
    return setupToken;
  }

  private void session(RoutingContext ctx) {
    Principal who = auth.identify(ctx);
    Sessions.Session s = Auth.session(ctx);
    if (who == null || s == null) {
      throw new ApiError(401, "unauthenticated", null, "not logged in");
    }
    Replies.json(ctx, account(s));
  }

  private void login(RoutingContext ctx) {
    JsonObject j = Params.jsonBody(ctx);
    String name = field(j, "name", 64);
    String password = field(j, "password", Passwords.MAX_LENGTH);
    String address = address(ctx);
    long wait = limiter.waitMs(address, name);
    if (wait > 0) {
      long s = (wait + 999) / 1000;
      ctx.response().putHeader("Retry-After", Long.toString(s));
      throw new ApiError(429, "too_many_attempts", null, "too many failed logins; try again in " + s + " s");
    }
    if (hashing >= MAX_CONCURRENT_HASHES) {
      ctx.response().putHeader("Retry-After", "1");
      throw new ApiError(503, "busy", null, "too many logins at once; try again in a second");
    }
    hashing++;
    db.query(WebQueries.USER_BY_NAME, Tuple.of(name))
        .compose(rows -> {
          Row r = rows.size() == 0 ? null : rows.iterator().next();
          return vertx.executeBlocking(() -> {
            if (r == null) {
              Passwords.verifyNobody(password.toCharArray());
              return null;
            }
            return Passwords.verify(password.toCharArray(), r.getString("password_hash")) ? r : null;
          }, false);
        })
        .onComplete(ar -> hashing--)
        .onSuccess(r -> {
          if (r == null || r.getBoolean("disabled")) {
            limiter.failed(address, name);
            LOG.warn("Failed login for '{}' from {}", name.replaceAll("[^\\p{Graph} ]", "?"), address);
            ctx.fail(new ApiError(401, "bad_login", null, "wrong name or password"));
            return;
          }
          limiter.succeeded(address, name);
          Principal who = new Principal(r.getLong("id"), r.getString("name"), Role.ofAccount(r.getString("role")));
          LOG.info("{} ({}) logged in from {}", who.name(), who.role().account(), address);
          Replies.json(ctx, account(login(ctx, who, r.getString("language"))));
        })
        .onFailure(ctx::fail);
  }

  private void logout(RoutingContext ctx) {
    auth.logout(ctx);
    ctx.response().setStatusCode(204).end();
  }

  private void changePassword(RoutingContext ctx) {
    Principal who = Auth.who(ctx);
    if (who.isToken()) {
      throw new ApiError(400, "not_an_account", null, "an API token has no password");
    }
    JsonObject j = Params.jsonBody(ctx);
    String current = field(j, "current", Passwords.MAX_LENGTH);
    String next = field(j, "password", Passwords.MAX_LENGTH);
    String problem = Passwords.problem(next, who.name());
    if (problem != null) {
      throw ApiError.invalid("password", problem);
    }
    db.query(WebQueries.USER_BY_NAME, Tuple.of(who.name()))
        .compose(rows -> vertx.executeBlocking(() -> {
          Row r = rows.size() == 0 ? null : rows.iterator().next();
          if (r == null || !Passwords.verify(current.toCharArray(), r.getString("password_hash"))) {
            throw new ApiError(403, "bad_password", "current", "the current password is wrong");
          }
          return Passwords.hash(next.toCharArray());
        }, false))
        .compose(hash -> db.change(who.name(), WebQueries.SET_PASSWORD, Tuple.of(who.userId(), hash)))
        .onSuccess(rows -> {
          // every other screen of this account must log in again with the new password
          String language = Auth.session(ctx).language;
          auth.sessions().endUser(who.userId());
          Replies.json(ctx, account(login(ctx, who, language)));
        })
        .onFailure(ctx::fail);
  }

  /** The session's own account speaks another language: stored, and every screen of it takes it on its next page. */
  private void changeLanguage(RoutingContext ctx) {
    Principal who = Auth.who(ctx);
    if (who.isToken()) {
      throw new ApiError(400, "not_an_account", null, "an API token has no interface");
    }
    String language = Languages.of(Params.jsonBody(ctx).getValue("language"), "language", null);
    if (language == null) {
      throw ApiError.invalid("language", "is required");
    }
    db.change(who.name(), WebQueries.SET_LANGUAGE, Tuple.of(who.userId(), language))
        .onSuccess(rows -> {
          auth.sessions().language(who.userId(), language);
          Replies.json(ctx, account(Auth.session(ctx)));
        })
        .onFailure(ctx::fail);
  }

  private void setup(RoutingContext ctx) {
    JsonObject j = Params.jsonBody(ctx);
    String token = field(j, "token", 64);
    String name = UsersApi.name(j.getValue("name"));
    String password = field(j, "password", Passwords.MAX_LENGTH);
    String problem = Passwords.problem(password, name);
    if (problem != null) {
      throw ApiError.invalid("password", problem);
    }
    String language = Languages.of(j.getValue("language"), "language", Languages.DEFAULT);
    if (setupToken == null) {
      throw new ApiError(409, "already_set_up", null, "there are accounts already; log in");
    }
    if (!Auth.constantTimeEquals(token, setupToken)) {
      String address = address(ctx);
      limiter.failed(address, "setup");
      throw new ApiError(403, "bad_setup_token", "token",
          "wrong setup token; it is in the controller's log and in the file setup-token of its data directory");
    }
    String claimed = setupToken;
    setupToken = null;
    vertx.executeBlocking(() -> Passwords.hash(password.toCharArray()), false)
        .compose(hash -> db.change("setup", WebQueries.INSERT_FIRST_ADMIN, Tuple.of(name, hash, language)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.<Row>failedFuture(new ApiError(409, "already_set_up", null, "there are accounts already"));
          }
          return Future.succeededFuture(rows.iterator().next());
        })
        .onSuccess(r -> {
          setupNeeded = false;
          Principal who = new Principal(r.getLong("id"), name, Role.ADMIN);
          LOG.info("First admin '{}' created with the setup token", name);
          removeTokenFile();
          Replies.json(ctx, 201, account(login(ctx, who, language)));
        })
        .onFailure(t -> {
          if (!(t instanceof ApiError e && e.status() == 409)) {
            setupToken = claimed;
          }
          ctx.fail(t);
        });
  }

  private static String address(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
  }

  /** A new session for the account, in its interface language. */
  private Sessions.Session login(RoutingContext ctx, Principal who, String language) {
    Sessions.Session s = auth.login(ctx, who);
    s.language = language;
    return s;
  }

  private JsonObject account(Sessions.Session s) {
    return new JsonObject().put("name", s.who.name()).put("role", s.who.role().account()).put("csrf", s.csrf)
        .put("timezone", siteZone).put("language", s.language);
  }

  private static String field(JsonObject j, String key, int max) {
    Object v = j.getValue(key);
    if (!(v instanceof String s) || s.isEmpty()) {
      throw ApiError.invalid(key, "is required");
    }
    if (s.length() > max) {
      throw ApiError.invalid(key, "is longer than " + max + " characters");
    }
    return s;
  }
}
