package io.lanekeeper.matcher;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** A registered plate as the matcher holds it in memory. */
record RegisteredPlate(long id, String plate, boolean deny, Instant validFrom, Instant validTo, List<String> lanes) {

  static RegisteredPlate from(Row r) {
    String[] lanes = r.getArrayOfStrings("lanes");
    return new RegisteredPlate(r.getLong("id"), r.getString("plate"), "deny".equals(r.getString("kind")),
        instant(r.getOffsetDateTime("valid_from")), instant(r.getOffsetDateTime("valid_to")),
        lanes == null ? List.of() : List.of(lanes));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
