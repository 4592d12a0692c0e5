package io.lanekeeper.config;

import io.vertx.core.json.JsonObject;

/**
 * The database. No {@code url} means the embedded PostgreSQL under {@code dataDir/postgres}.
 *
 * @param url {@code postgresql://user@host:port/db}, or null for the embedded server
 * @param retryMs how long to wait between attempts while the database is unreachable
 */
public record DbConfig(String url, String user, String password, int poolSize, long retryMs, int embeddedPort) {

  public static DbConfig from(JsonObject j) {
    String url = Json.string(j, "db.", "url", null);
    if (url != null && url.isBlank()) {
      url = null;
    }
    if (url != null && !url.matches("(?i)postgres(ql)?://.+")) {
      throw new ConfigException("db.url", "must look like postgresql://user@host:5432/database, got '" + url + "'");
    }
    return new DbConfig(url, Json.string(j, "db.", "user", "postgres"), Json.string(j, "db.", "password", ""),
        Json.integer(j, "db.", "poolSize", 4, 1, 64), Json.number(j, "db.", "retryMs", 5000, 100, 600_000),
        Json.integer(j, "db.", "embeddedPort", 0, 0, 65535));
  }

  public JsonObject toJson() {
    return new JsonObject().put("url", url).put("user", user).put("password", password).put("poolSize", poolSize)
        .put("retryMs", retryMs).put("embeddedPort", embeddedPort);
  }
}
