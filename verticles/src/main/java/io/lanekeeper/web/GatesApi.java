package io.lanekeeper.web;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/gates/{lane}}: the barrier's state, asked of the gate itself. */
final class GatesApi {

  private final LiveState live;
  private final WebConfig config;

  GatesApi(LiveState live, WebConfig config) {
    this.live = live;
    this.config = config;
  }

  void mount(ApiRoutes api) {
    api.get("/api/gates/:lane", Role.VIEWER, this::get);
  }

  private void get(RoutingContext ctx) {
    String lane = ctx.pathParam("lane");
    if (config.lane(lane) == null) {
      throw ApiError.notFound("no lane '" + lane + "' on this controller");
    }
    Replies.send(ctx, live.queryGate(lane).recover(t -> io.vertx.core.Future.failedFuture(
        t instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
            ? new ApiError(502, "gate_failed", null, "the gate of lane '" + lane + "' failed: " + r.getMessage())
            : ApiError.unavailable("gate_unavailable", "the gate of lane '" + lane + "' does not answer"))));
  }
}
