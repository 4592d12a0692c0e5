package io.lanekeeper.web;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** How the API answers. */
final class Replies {

  static final String JSON = "application/json; charset=utf-8";

  private Replies() {
  }

  static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
    return ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
  }

  static Future<Void> json(RoutingContext ctx, JsonObject body) {
    return json(ctx, 200, body);
  }

  static Future<Void> json(RoutingContext ctx, JsonArray body) {
    return ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
  }

  static Future<Void> error(RoutingContext ctx, ApiError e) {
    JsonObject body = new JsonObject().put("error", e.code()).put("message", e.getMessage());
    if (e.field() != null) {
      body.put("field", e.field());
    }
    return json(ctx, e.status(), body);
  }

  /** Completes the request with the future's JSON, or fails it into the router's failure handler. */
  static void send(RoutingContext ctx, Future<JsonObject> result) {
    result.onSuccess(body -> json(ctx, body)).onFailure(ctx::fail);
  }
}
