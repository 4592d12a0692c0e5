package io.lanekeeper.config;

import io.vertx.core.json.JsonObject;

/** The web server. {@code port} 0 picks a free port (tests). */
public record HttpConfig(String host, int port, long maxFrameBytes, long maxJsonBytes) {

  public static HttpConfig from(JsonObject j) {
    return new HttpConfig(Json.string(j, "http.", "host", "0.0.0.0"),
        Json.integer(j, "http.", "port", 8080, 0, 65535),
        Json.number(j, "http.", "maxFrameBytes", 10L << 20, 1024, 200L << 20),
        Json.number(j, "http.", "maxJsonBytes", 1L << 20, 1024, 100L << 20));
  }
}
