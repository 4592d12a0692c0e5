package io.lanekeeper.web;

import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler of the router: every refusal and every error leaves as JSON
 * {@code {"error", "message"}}, whether a handler failed with an {@link ApiError}, a body handler
 * refused an upload, or no route matched.
 */
final class Failures implements Handler<RoutingContext> {

  /** Routing-context key: the body limit of the route, so a 413 can say what the limit is. */
  static final String BODY_LIMIT = "lanekeeper.bodyLimit";

  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.failure() instanceof io.vertx.core.http.HttpClosedException) {
      // the client went away mid-request (a camera's upload cut off): nobody to answer, nothing of ours failed
      LOG.debug("{} {}: the client closed the connection", ctx.request().method(), ctx.request().path());
      return;
    }
    ApiError e = toApiError(ctx);
    if (e.status() >= 500 && !(ctx.failure() instanceof ApiError)) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    if (ctx.response().headWritten()) {
      // Too late for a JSON error: cut the response short so the client sees it failed.
      ctx.response().reset();
      return;
    }
    Replies.error(ctx, e);
  }

  private static ApiError toApiError(RoutingContext ctx) {
    Throwable t = ctx.failure();
    if (t instanceof ApiError e) {
      return e;
    }
    if (t instanceof DecodeException d) {
      return ApiError.badJson("the body is not valid JSON: " + d.getMessage());
    }
    if (t != null) {
      return new ApiError(500, "internal", null, "internal error; see the controller log");
    }
    return switch (ctx.statusCode()) {
      case 400 -> new ApiError(400, "bad_request", null, "the request is malformed");
      case 404 -> ApiError.notFound("no such resource: " + ctx.request().path());
      case 405 -> new ApiError(405, "method_not_allowed", null,
          ctx.request().method() + " is not allowed on " + ctx.request().path());
      case 413 -> new ApiError(413, "too_large", null, tooLarge(ctx));
      case 415 -> new ApiError(415, "unsupported_media_type", null, "unsupported content type");
      default -> new ApiError(ctx.statusCode() < 400 ? 500 : ctx.statusCode(), "http_" + ctx.statusCode(), null,
          "the request failed with status " + ctx.statusCode());
    };
  }

  private static String tooLarge(RoutingContext ctx) {
    Long limit = ctx.get(BODY_LIMIT);
    return limit == null ? "the request body is too large"
        : "the request body is larger than the " + limit + " bytes this route accepts";
  }
}
