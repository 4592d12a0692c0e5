package io.lanekeeper.web;

import io.lanekeeper.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * A person's rights over what the controller holds about their plate, for admins: {@code GET
 * /api/privacy/plates/{plate}/export?why=} (everything held, as a JSON file, audited) and {@code POST
 * /api/privacy/plates/{plate}/erase} with {@code {"why", "confirm": <the plate again>}} (decisions, reads, frames,
 * presence, passes and registrations gone; the audit keeps an entry under the plate's pseudonym). {@code POST
 * /api/privacy/purge} runs the retention purge now. The work is the privacy verticle's, on the device that holds
 * the key of the pseudonyms.
 */
final class PrivacyApi {

  private static final long TIMEOUT_MS = 120_000;

  private final Vertx vertx;

  PrivacyApi(Vertx vertx) {
    this.vertx = vertx;
  }

  void mount(ApiRoutes api) {
    api.get("/api/privacy/plates/:plate/export", Role.ADMIN, this::export);
    api.postJson("/api/privacy/plates/:plate/erase", Role.ADMIN, this::erase);
    api.postJson("/api/privacy/purge", Role.ADMIN, this::purge);
  }

  private Future<JsonObject> ask(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
        .map(m -> m.body())
        .recover(t -> Future.failedFuture(t instanceof ReplyException r && r.failureCode() == 400
            ? ApiError.invalid("plate", r.getMessage())
            : t instanceof ReplyException r2 && r2.failureType() == ReplyFailure.NO_HANDLERS
                ? ApiError.unavailable("privacy_unavailable", "this controller does not hold the records")
                : ApiError.unavailable("database_unavailable", "the database does not answer: " + t.getMessage())));
  }

  private void export(RoutingContext ctx) {
    String plate = PlateFields.normalise("plate", ctx.pathParam("plate"));
    String why = Params.reason(ctx.request().getParam("why"));
    ask(Addresses.PRIVACY_EXPORT, new JsonObject().put("plate", plate).put("by", Auth.who(ctx).name()).put("why", why))
        .onSuccess(out -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, Replies.JSON)
            .putHeader("Content-Disposition", "attachment; filename=\"lanekeeper-" + plate + ".json\"")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .end(out.toBuffer()))
        .onFailure(ctx::fail);
  }

  private void erase(RoutingContext ctx) {
    String plate = PlateFields.normalise("plate", ctx.pathParam("plate"));
    JsonObject body = Params.jsonBody(ctx);
    String why = Params.reason(body.getValue("why"));
    Object confirm = body.getValue("confirm");
    String again = confirm instanceof String c ? PlateFields.normalise("confirm", c) : null;
    if (!plate.equals(again)) {
      throw ApiError.invalid("confirm", "give the plate again to confirm the erasure");
    }
    Replies.send(ctx, ask(Addresses.PRIVACY_ERASE, new JsonObject().put("plate", plate).put("by", Auth.who(ctx).name())
        .put("why", why)));
  }

  private void purge(RoutingContext ctx) {
    Replies.send(ctx, ask(Addresses.PRIVACY_PURGE, new JsonObject().put("by", Auth.who(ctx).name())));
  }
}
