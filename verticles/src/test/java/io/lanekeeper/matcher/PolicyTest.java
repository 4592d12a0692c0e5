package io.lanekeeper.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.config.LaneConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PolicyTest {

  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  private final LaneConfig lane = LaneConfig.from(new JsonObject().put("id", "e1").put("maxDistance", 1), "");

  private static RegisteredPlate allow(long id, String plate) {
    return new RegisteredPlate(id, plate, false, null, null, List.of());
  }

  @Test
  @DisplayName("An exact read of a registered plate is allowed with reason exact")
  void exact() {
    var o = Policy.decide(new PlateMatcher(List.of(allow(1, "ABC1234"))), lane, "ABC1234", NOW);
    assertThat(o.allowed()).isTrue();
    assertThat(o.reason()).isEqualTo("exact");
  }

  @Test
  @DisplayName("A read one look-alike off is allowed and the reason names the substitution")
  void fuzzy() {
    var o = Policy.decide(new PlateMatcher(List.of(allow(1, "OBC1234"))), lane, "0BC1234", NOW);
    assertThat(o.allowed()).isTrue();
    assertThat(o.reason()).isEqualTo("fuzzy d=1 O->0");
    assertThat(o.distance()).isEqualTo(1);
  }

  @Test
  @DisplayName("Two registered plates within reach of a read never open automatically")
  void ambiguous() {
    var o = Policy.decide(new PlateMatcher(List.of(allow(1, "ABC1234"), allow(2, "ABC1284"))), lane, "ABC1294", NOW);
    assertThat(o.allowed()).isFalse();
    assertThat(o.reason()).startsWith("ambiguous").contains("ABC1234").contains("ABC1284");
  }

  @Test
  @DisplayName("A deny-listed plate wins over an allow entry, with the same tolerance")
  void denyWins() {
    var deny = new RegisteredPlate(2, "ABC1235", true, null, null, List.of());
    var o = Policy.decide(new PlateMatcher(List.of(allow(1, "ABC1234"), deny)), lane, "ABC1234", NOW);
    assertThat(o.allowed()).isFalse();
    assertThat(o.reason()).startsWith("deny-listed");
  }

  @Test
  @DisplayName("Expired, not yet valid, other lane and unknown plates are refused with their reason")
  void refusals() {
    var expired = new RegisteredPlate(1, "EXP1234", false, null, NOW.minusSeconds(60), List.of());
    var future = new RegisteredPlate(2, "FUT1234", false, NOW.plusSeconds(60), null, List.of());
    var otherLane = new RegisteredPlate(3, "LAN1234", false, null, null, List.of("x2"));
    var m = new PlateMatcher(List.of(expired, future, otherLane));
    assertThat(Policy.decide(m, lane, "EXP1234", NOW).reason()).isEqualTo("expired");
    assertThat(Policy.decide(m, lane, "FUT1234", NOW).reason()).isEqualTo("not yet valid");
    assertThat(Policy.decide(m, lane, "LAN1234", NOW).reason()).isEqualTo("lane not allowed");
    var unknown = Policy.decide(m, lane, "ZZZ9999", NOW);
    assertThat(unknown.allowed()).isFalse();
    assertThat(unknown.reason()).isEqualTo("unknown");
  }

  @Test
  @DisplayName("A lane with maximum distance 0 accepts exact reads only")
  void strictLane() {
    LaneConfig strict = LaneConfig.from(new JsonObject().put("id", "e2").put("maxDistance", 0)
        .put("formats", new JsonArray()), "");
    var o = Policy.decide(new PlateMatcher(List.of(allow(1, "OBC1234"))), strict, "0BC1234", NOW);
    assertThat(o.allowed()).isFalse();
    assertThat(o.reason()).isEqualTo("unknown");
  }
}
