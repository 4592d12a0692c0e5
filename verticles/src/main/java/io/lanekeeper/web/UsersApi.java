package io.lanekeeper.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * User accounts, for admins: list, create, change role, disable, reset a password, delete. There is always at least
 * one enabled admin (a change that would leave none is refused), and a change to an account's access ends its
 * sessions, so a demoted or disabled person loses their access at once, the live connection included.
 */
final class UsersApi {

  private final Vertx vertx;
  private final Database db;
  private final Sessions sessions;

  UsersApi(Vertx vertx, Database db, Sessions sessions) {
    this.vertx = vertx;
    this.db = db;
    this.sessions = sessions;
  }

  void mount(ApiRoutes api) {
    api.get("/api/users", Role.ADMIN, this::list);
    api.postJson("/api/users", Role.ADMIN, this::create);
    api.putJson("/api/users/:id", Role.ADMIN, this::update);
    api.delete("/api/users/:id", Role.ADMIN, this::remove);
  }

  private void list(RoutingContext ctx) {
    Replies.send(ctx, db.query(WebQueries.USERS, Tuple.tuple()).map(rows -> {
      JsonArray a = new JsonArray();
      rows.forEach(r -> a.add(user(r)));
      return new JsonObject().put("users", a);
    }));
  }

  private void create(RoutingContext ctx) {
    Principal who = Auth.who(ctx);
    JsonObject j = Params.jsonBody(ctx);
    String name = name(j.getValue("name"));
    Role role = Role.ofAccount(j.getValue("role") instanceof String s ? s : null);
    String password = password(j, name, true);
    String language = Languages.of(j.getValue("language"), "language", Languages.DEFAULT);
    vertx.executeBlocking(() -> Passwords.hash(password.toCharArray()), false)
        .compose(hash -> db.change(who.name(), WebQueries.INSERT_USER,
            Tuple.of(name, hash, role.account(), language)))
        .onSuccess(rows -> Replies.json(ctx, 201, user(rows.iterator().next())))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    Principal who = Auth.who(ctx);
    long id = Params.id(ctx);
    JsonObject j = Params.jsonBody(ctx);
    String role = j.getValue("role") == null ? null : Role.ofAccount(j.getValue("role") instanceof String s ? s : "?")
        .account();
    Object d = j.getValue("disabled");
    if (d != null && !(d instanceof Boolean)) {
      throw ApiError.invalid("disabled", "must be true or false");
    }
    String password = password(j, null, false);
    String language = Languages.of(j.getValue("language"), "language", null);
    Future<String> hash = password == null ? Future.succeededFuture()
        : vertx.executeBlocking(() -> Passwords.hash(password.toCharArray()), false);
    hash.compose(h -> db.inTransaction(who.name(), c -> c.preparedQuery(WebQueries.UPDATE_USER)
            .execute(Tuple.of(id, role, d, h, language))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(ApiError.notFound("no user with id " + id));
              }
              return adminsLeft(c).map(rows.iterator().next());
            })))
        .onSuccess(r -> {
          // a demoted, disabled or new-password account logs in again; a new language shows on its next page
          if (r.getBoolean("access_changed")) {
            sessions.endUser(id);
          } else {
            sessions.language(id, r.getString("language"));
          }
          Replies.json(ctx, user(r));
        })
        .onFailure(ctx::fail);
  }

  private void remove(RoutingContext ctx) {
    Principal who = Auth.who(ctx);
    long id = Params.id(ctx);
    if (id == who.userId()) {
      throw new ApiError(409, "self", null, "you cannot delete your own account; another admin can");
    }
    db.inTransaction(who.name(), c -> c.preparedQuery(WebQueries.DELETE_USER).execute(Tuple.of(id)).compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiError.notFound("no user with id " + id));
          }
          return adminsLeft(c);
        }))
        .onSuccess(v -> {
          sessions.endUser(id);
          ctx.response().setStatusCode(204).end();
        })
        .onFailure(ctx::fail);
  }

  /** Fails (and so rolls back the change) when no enabled admin would be left. */
  private static Future<Void> adminsLeft(io.vertx.sqlclient.SqlConnection c) {
    return c.query(WebQueries.ADMINS_LEFT).execute().compose(rows -> rows.iterator().next().getLong(0) > 0
        ? Future.succeededFuture()
        : Future.failedFuture(new ApiError(409, "last_admin", null,
            "this would leave no enabled admin; make another admin first")));
  }

  static String name(Object v) {
    if (!(v instanceof String s) || !s.matches("[A-Za-z0-9._@-]{1,64}")) {
      throw ApiError.invalid("name", "must be 1 to 64 letters, digits, dots, dashes, underscores or @");
    }
    return s;
  }

  private static String password(JsonObject j, String name, boolean required) {
    Object v = j.getValue("password");
    if (v == null && !required) {
      return null;
    }
    String p = v instanceof String s ? s : null;
    String problem = Passwords.problem(p, name);
    if (problem != null) {
      throw ApiError.invalid("password", problem);
    }
    return p;
  }

  private static JsonObject user(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name"))
        .put("role", r.getString("role")).put("disabled", r.getBoolean("disabled"))
        .put("language", r.getString("language"))
        .put("createdAt", PlatesApi.instant(r.getOffsetDateTime("created_at")))
        .put("updatedAt", PlatesApi.instant(r.getOffsetDateTime("updated_at")))
        .put("passwordChangedAt", PlatesApi.instant(r.getOffsetDateTime("password_changed_at")));
  }
}
