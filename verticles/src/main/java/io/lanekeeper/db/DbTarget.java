package io.lanekeeper.db;

import io.vertx.pgclient.PgConnectOptions;
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

  public DbTarget withDatabase(String db) {
    return new DbTarget(host, port, db, user, password);
  }
}
