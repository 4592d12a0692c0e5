package io.lanekeeper.db;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URI;

/**
 * Where the database is, in the two forms the controller needs: Vert.x connect options for the
 * reactive client and a JDBC URL for the migrations.
 */
public record DbTarget(String host, int port, String database, String user, String password) {

  /** Parses {@code postgresql://user:password@host:port/database}; user and password fall back to the given ones. */
  public static DbTarget parse(String url, String user, String password) {
    URI u = URI.create(url.replaceFirst("(?i)^postgres(ql)?://", "postgresql://"));
    String db = u.getPath() == null || u.getPath().length() <= 1 ? "postgres" : u.getPath().substring(1);
    String u1 = user;
    String p1 = password;
    if (u.getUserInfo() != null) {
      String[] up = u.getUserInfo().split(":", 2);
      u1 = up[0];
      if (up.length > 1) {
        p1 = up[1];
      }
    }
    return new DbTarget(u.getHost() == null ? "127.0.0.1" : u.getHost(), u.getPort() < 0 ? 5432 : u.getPort(), db,
        u1, p1 == null ? "" : p1);
  }

  public JsonObject toJson() {
    return new JsonObject().put("host", host).put("port", port).put("database", database).put("user", user)
        .put("password", password);
  }

  public static DbTarget fromJson(JsonObject j) {
    return new DbTarget(j.getString("host", "127.0.0.1"), j.getInteger("port", 5432), j.getString("database"),
        j.getString("user", "postgres"), j.getString("password", ""));
  }

  /** A pool for one verticle; connections are made lazily, so this succeeds while the server is down. */
  public Pool pool(Vertx vertx, int size) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(connectOptions()).using(vertx)
        .build();
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions().setHost(host).setPort(port).setDatabase(database).setUser(user)
        .setPassword(password).setReconnectAttempts(0);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** For logs: never the password. */
  public String describe() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }

  /** {@link #describe()}: a target logged whole must not print its password either. */
  @Override
  public String toString() {
    return describe();
  }

  public DbTarget withDatabase(String db) {
    return new DbTarget(host, port, db, user, password);
  }
}
