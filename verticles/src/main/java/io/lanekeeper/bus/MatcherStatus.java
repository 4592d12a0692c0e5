package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;

/**
 * The matcher's state, the reply on {@link Addresses#MATCHER_STATUS}.
 *
 * @param source where its registry came from: {@code database}, {@code snapshot} (the database is away) or
 *     {@code none} (neither yet)
 * @param pendingMoves lot entries and exits counted but not yet in the database
 * @param loading a load from the database is under way
 * @param unreadableRows registry rows it could not read whole (alerted, see {@link Alert})
 */
public record MatcherStatus(String source, int registrations, int pendingMoves, boolean loading, int unreadableRows) {

  public JsonObject toJson() {
    return new JsonObject().put("source", source).put("registrations", registrations).put("pendingMoves", pendingMoves)
        .put("loading", loading).put("unreadableRows", unreadableRows);
  }

  public static MatcherStatus fromJson(JsonObject j) {
    return new MatcherStatus(j.getString("source"), j.getInteger("registrations", 0), j.getInteger("pendingMoves", 0),
        j.getBoolean("loading", false), j.getInteger("unreadableRows", 0));
  }
}
