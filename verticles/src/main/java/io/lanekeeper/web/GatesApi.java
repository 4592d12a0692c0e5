package io.lanekeeper.web;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.GateCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Set;

/**
 * {@code GET /api/gates/{lane}}: the barrier's state, asked of the gate itself. {@code POST
 * /api/gates/{lane}/{open|close|reset}} with {@code {"why": ...}}: a person moves the barrier; operators and up, on
 * their own name (never one the request names), and the gate audits it with the reason. An open may name the
 * refused vehicle it is for ({@code "vehicle": <its event id>}): the matcher checks that it refused that vehicle at
 * that lane lately, the action is linked to the decision, and the vehicle counts into (or out of) the lot.
 */
final class GatesApi {

  private static final Set<String> ACTIONS = Set.of("open", "close", "reset");
  private static final long COMMAND_TIMEOUT_MS = 3000;

  private final Vertx vertx;
  private final LiveState live;
  private final LaneDirectory lanes;
  private final SiteDirectory site;

  GatesApi(Vertx vertx, LiveState live, LaneDirectory lanes, SiteDirectory site) {
    this.vertx = vertx;
    this.live = live;
    this.lanes = lanes;
    this.site = site;
  }

  void mount(ApiRoutes api) {
    api.get("/api/gates/:lane", Role.VIEWER, this::get);
    api.postJson("/api/gates/:lane/:action", Role.OPERATOR, this::command);
  }

  /** A lane of this device, or of another device of the site (its barrier answers across the cluster). */
  private String lane(RoutingContext ctx) {
    String lane = ctx.pathParam("lane");
    if (lanes.get(lane) == null && site.elsewhere(lanes, lane) == null) {
      throw ApiError.notFound("no lane '" + lane + "' in this site");
    }
    return lane;
  }

  private void get(RoutingContext ctx) {
    String lane = lane(ctx);
    Replies.send(ctx, live.queryGate(lane).recover(t -> Future.failedFuture(failure(lane, t))));
  }

  private void command(RoutingContext ctx) {
    String lane = lane(ctx);
    String action = ctx.pathParam("action");
    if (!ACTIONS.contains(action)) {
      throw ApiError.notFound("no gate action '" + action + "'; open, close or reset");
    }
    // the audit row must be writable before the barrier moves: refused here, and by the gate itself
    String w = Params.reason(Params.jsonBody(ctx).getValue("why"));
    Object vehicle = Params.jsonBody(ctx).getValue("vehicle");
    if (vehicle != null) {
      if (!action.equals("open") || !(vehicle instanceof String v) || !isUuid(v)) {
        throw ApiError.invalid("vehicle", "names the refused vehicle (its event id) an open is for");
      }
      // the refusal is in the memory of the matcher of the device that holds the lane
      String device = site.elsewhere(lanes, lane);
      JsonObject ask = new JsonObject().put("vehicle", v).put("lane", lane).put("by", Auth.who(ctx).name())
          .put("why", w);
      Replies.send(ctx, vertx.eventBus().<JsonObject>request(device == null ? Addresses.MATCHER_OVERRIDE
              : Addresses.matcherOverride(device), ask,
              new DeliveryOptions().setSendTimeout(COMMAND_TIMEOUT_MS))
          .map(m -> m.body().getJsonObject("gate").copy().put("vehicle", v).put("counted",
              m.body().getString("counted")))
          .recover(t -> Future.failedFuture(overrideFailure(lane, t))));
      return;
    }
    GateCommand cmd = new GateCommand(lane, action, null, Instant.now(), Auth.who(ctx).name(), w);
    // a lane of this device: its own barrier only; another device's: across the site
    Replies.send(ctx, vertx.eventBus().<JsonObject>request(Addresses.gateCommand(lane), cmd.toJson(),
            new DeliveryOptions().setSendTimeout(COMMAND_TIMEOUT_MS).setLocalOnly(lanes.get(lane) != null))
        .map(m -> m.body())
        .recover(t -> Future.failedFuture(failure(lane, t))));
  }

  private static boolean isUuid(String s) {
    try {
      return java.util.UUID.fromString(s).toString().equalsIgnoreCase(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The matcher's refusals keep their meaning (no such vehicle, another lane, already opening); the gate's pass. */
  private static ApiError overrideFailure(String lane, Throwable t) {
    if (t instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      return switch (r.failureCode()) {
        case 404 -> new ApiError(404, "vehicle_unknown", "vehicle", r.getMessage());
        case 400 -> new ApiError(400, "invalid_field", "vehicle", "vehicle: " + r.getMessage());
        case 403 -> new ApiError(409, "vehicle_refused", "vehicle", r.getMessage());
        case 503 -> ApiError.unavailable("gate_unavailable", r.getMessage());
        default -> failure(lane, t);
      };
    }
    return ApiError.unavailable("matcher_unavailable", "the matcher does not answer; open without naming the vehicle");
  }

  /** The gate's own refusals (409 occupied, fault...) pass through with its words; silence is a 503. */
  private static ApiError failure(String lane, Throwable t) {
    if (t instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      int code = r.failureCode() >= 400 && r.failureCode() < 500 ? 409 : 502;
      return new ApiError(code, code == 409 ? "gate_refused" : "gate_failed", null,
          "the gate of lane '" + lane + "': " + r.getMessage());
    }
    return ApiError.unavailable("gate_unavailable", "the gate of lane '" + lane + "' does not answer");
  }
}
