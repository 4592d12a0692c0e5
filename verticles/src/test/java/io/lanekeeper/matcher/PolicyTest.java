package io.lanekeeper.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.config.LaneConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PolicyTest {

  /** A Saturday. */
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  private final LaneConfig lane = lane(new JsonObject().put("id", "e1").put("maxDistance", 1));

  private static LaneConfig lane(JsonObject j) {
    return LaneConfig.from(j.put("formats", new JsonArray()), "");
  }

  private static JsonObject plate(long id, String text) {
    return new JsonObject().put("id", id).put("plate", text).put("kind", "allow");
  }

  private static Registry registry(JsonObject... plates) {
    List<Registration> regs = new ArrayList<>();
    for (JsonObject p : plates) {
      regs.add(p.containsKey("lot_id") || p.containsKey("reserved") ? Registration.pass(p)
          : Registration.plate(p, ZoneOffset.UTC));
    }
    return Registry.of(regs);
  }

  private Policy.Outcome decide(Registry r, String read) {
    return Policy.decide(r, new Lots(), lane, read, NOW);
  }

  @Test
  @DisplayName("An exact read of a registered plate is allowed with reason exact")
  void exact() {
    var o = decide(registry(plate(1, "ABC1234")), "ABC1234");
    assertThat(o.allowed()).isTrue();
    assertThat(o.reason()).isEqualTo("exact");
  }

  @Test
  @DisplayName("A look-alike costs half an edit: the reason names it and the distance is 0.5")
  void fuzzy() {
    var o = decide(registry(plate(1, "OBC1234")), "0BC1234");
    assertThat(o.allowed()).isTrue();
    assertThat(o.reason()).isEqualTo("fuzzy d=0.5 O->0");
    assertThat(o.distance()).isEqualTo(0.5);
    assertThat(decide(registry(plate(1, "ABC1234")), "ABX1234").reason()).isEqualTo("fuzzy d=1 C->X");
  }

  @Test
  @DisplayName("Two registered plates within reach of a read never open automatically; an exact read of one does")
  void ambiguous() {
    Registry r = registry(plate(1, "ABC1234"), plate(2, "ABC1284"));
    var o = decide(r, "ABC1294");
    assertThat(o.allowed()).isFalse();
    assertThat(o.reason()).isEqualTo("ambiguous: ABC1234, ABC1284");
    assertThat(decide(r, "ABC1284").reason()).isEqualTo("exact");
  }

  @Test
  @DisplayName("A deny-listed plate wins over an allow entry, with the same tolerance")
  void denyWins() {
    JsonObject deny = plate(2, "ABC1235").put("kind", "deny");
    var o = decide(registry(plate(1, "ABC1234"), deny), "ABC1234");
    assertThat(o.allowed()).isFalse();
    assertThat(o.reason()).isEqualTo("deny-listed fuzzy d=1 5->4");
  }

  @Test
  @DisplayName("Expired, not yet valid, outside schedule, other lane and unknown plates are refused with their reason")
  void refusals() {
    JsonObject weekdays = new JsonObject().put("timezone", "UTC").put("windows", new JsonArray()
        .add(new JsonObject().put("days", new JsonArray().add("mon").add("fri"))
            .put("from", "07:00").put("to", "19:00")));
    Registry r = registry(plate(1, "EXP1234").put("valid_to", NOW.minusSeconds(60).toString()),
        plate(2, "FUT1234").put("valid_from", NOW.plusSeconds(60).toString()),
        plate(3, "LAN1234").put("lanes", new JsonArray().add("x2")),
        plate(4, "SCH1234").put("schedule", weekdays));
    assertThat(decide(r, "EXP1234").reason()).isEqualTo("expired");
    assertThat(decide(r, "FUT1234").reason()).isEqualTo("not yet valid");
    assertThat(decide(r, "LAN1234").reason()).isEqualTo("lane not allowed");
    assertThat(decide(r, "SCH1234").reason()).isEqualTo("outside schedule");
    assertThat(decide(r, "ZZZ9999").reason()).isEqualTo("unknown");
  }

  @Test
  @DisplayName("A night window runs over midnight into the next day")
  void nightWindow() {
    JsonObject night = new JsonObject().put("windows", new JsonArray()
        .add(new JsonObject().put("days", new JsonArray().add("fri")).put("from", "22:00").put("to", "06:00")));
    var s = io.lanekeeper.matcher.WeeklySchedule.parse(night, ZoneOffset.UTC);
    assertThat(s.allows(Instant.parse("2026-11-20T23:00:00Z"))).isTrue();
    assertThat(s.allows(Instant.parse("2026-11-21T05:59:00Z"))).isTrue();
    assertThat(s.allows(Instant.parse("2026-11-21T06:00:00Z"))).isFalse();
    assertThat(s.allows(Instant.parse("2026-11-20T21:00:00Z"))).isFalse();
  }

  @Test
  @DisplayName("A full lot admits only reservations; anti-passback refuses a plate already inside")
  void lotRules() {
    LaneConfig gate = lane(new JsonObject().put("id", "e1").put("lot", "p1").put("antiPassback", true));
    Lots lots = new Lots();
    lots.update(new JsonObject().put("id", "p1").put("capacity", 1).put("occupancy", 1));
    JsonObject reserved = new JsonObject().put("id", 9).put("plate", "RES1234").put("lot_id", "p1")
        .put("valid_from", NOW.minusSeconds(60).toString()).put("valid_to", NOW.plusSeconds(3600).toString())
        .put("reserved", true);
    Registry r = registry(plate(1, "ABC1234"), reserved);
    assertThat(Policy.decide(r, lots, gate, "ABC1234", NOW).reason()).isEqualTo("lot full");
    var res = Policy.decide(r, lots, gate, "RES1234", NOW);
    assertThat(res.allowed()).isTrue();
    assertThat(res.reason()).isEqualTo("exact (pass)");
    assertThat(res.movement()).isEqualTo(new Policy.Movement("p1", true, "RES1234"));
    lots.enter("p1", "RES1234", NOW);
    lots.lot("p1").capacity = 10;
    assertThat(Policy.decide(r, lots, gate, "RES1234", NOW).reason()).isEqualTo("anti-passback");
  }

  @Test
  @DisplayName("Exit lanes open for all, or only for plates inside the lot whatever their validity")
  void exits() {
    LaneConfig all = lane(new JsonObject().put("id", "x1").put("direction", "exit"));
    LaneConfig entered = lane(new JsonObject().put("id", "x2").put("direction", "exit").put("lot", "p1")
        .put("exitRule", "entered"));
    Lots lots = new Lots();
    lots.enter("p1", "OLD1234", NOW.minusSeconds(3600));
    Registry r = registry(plate(1, "OLD1234").put("valid_to", NOW.minusSeconds(60).toString()));
    assertThat(Policy.decide(r, lots, all, "ZZZ9999", NOW).reason()).isEqualTo("exit open to all");
    var out = Policy.decide(r, lots, entered, "0LD1234", NOW);
    assertThat(out.allowed()).isTrue();
    assertThat(out.reason()).isEqualTo("fuzzy d=0.5 O->0");
    assertThat(out.movement()).isEqualTo(new Policy.Movement("p1", false, "OLD1234"));
    assertThat(Policy.decide(r, lots, entered, "ZZZ9999", NOW).reason()).isEqualTo("not entered");
  }

  @Test
  @DisplayName("A lane with maximum distance 0 accepts exact reads only; 0.5 also one look-alike")
  void strictLane() {
    Registry r = registry(plate(1, "OBC1234"));
    LaneConfig strict = lane(new JsonObject().put("id", "e2").put("maxDistance", 0));
    LaneConfig half = lane(new JsonObject().put("id", "e3").put("maxDistance", 0.5));
    assertThat(Policy.decide(r, new Lots(), strict, "0BC1234", NOW).reason()).isEqualTo("unknown");
    assertThat(Policy.decide(r, new Lots(), half, "0BC1234", NOW).allowed()).isTrue();
    assertThat(Policy.decide(r, new Lots(), half, "0BC1Z34", NOW).reason()).isEqualTo("unknown");
  }
}
