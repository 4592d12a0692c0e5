package io.lanekeeper.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BusRecordsTest {

  @Test
  @DisplayName("Every fact that travels as JSON comes back from it as it left")
  void roundTrips() {
    Instant at = Instant.parse("2026-12-02T08:00:00Z");
    Alert alert = new Alert("camera", "gate-1", "critical", "the camera of lane gate-1 is down", at);
    assertThat(Alert.fromJson(alert.toJson())).isEqualTo(alert);
    LotOccupancy open = new LotOccupancy("garage", 3, null);
    assertThat(LotOccupancy.fromJson(open.toJson())).isEqualTo(open);
    LotOccupancy full = new LotOccupancy("garage", 40, 40);
    assertThat(LotOccupancy.fromJson(full.toJson())).isEqualTo(full);
    RelaySwitch relay = new RelaySwitch("relays/gate-1/set", "ON");
    assertThat(RelaySwitch.fromJson(relay.toJson())).isEqualTo(relay);
    ParkedPlate parked = new ParkedPlate("gate-1", "ABC1234", 0.93, new Box(10, 20, 160, 50), at);
    assertThat(ParkedPlate.fromJson(parked.toJson())).isEqualTo(parked);
    FrameSeen seen = new FrameSeen("gate-1", "gate-1-x-7", 2);
    assertThat(FrameSeen.fromJson(seen.toJson())).isEqualTo(seen);
    FrameRef ref = new FrameRef(FrameRef.LATEST);
    assertThat(FrameRef.fromJson(ref.toJson())).isEqualTo(ref);
    MatcherStatus status = new MatcherStatus("snapshot", 1000, 2, false, 1);
    assertThat(MatcherStatus.fromJson(status.toJson())).isEqualTo(status);
    RegistryChange change = new RegistryChange("plate", 42L, "UPDATE");
    assertThat(RegistryChange.fromJson(change.toJson()).table()).isEqualTo("plate");
    assertThat(CameraTrigger.fromJson(new CameraTrigger(3).toJson()).frames()).isEqualTo(3);
    // a burst is bounded whoever asks for it
    assertThat(new CameraTrigger(500).frames()).isEqualTo(CameraTrigger.MAX_FRAMES);
    assertThat(new CameraTrigger(-1).frames()).isZero();
  }

  @Test
  @DisplayName("A read carries its plate as its format prints it for people; the Latin text is what is matched")
  void printedPlate() {
    Instant at = Instant.parse("2026-12-02T08:00:00Z");
    PlateRead ua = new PlateRead("gate-1", "f-1", at, "AA1234BC", 0.9, new double[8], new Box(1, 2, 30, 10), "ua",
        null);
    assertThat(ua.toJson().getString("printed")).isEqualTo("\u0410\u04101234\u0412\u0421");
    assertThat(ua.toJson().getString("plate")).isEqualTo("AA1234BC");
    assertThat(PlateRead.fromJson(ua.toJson()).plate()).isEqualTo("AA1234BC");
    VehicleRead v = new VehicleRead(java.util.UUID.randomUUID(), "gate-1", at, at, "AA1234BC", 0.9, new double[8], 3,
        ua);
    assertThat(v.toJson().getString("printed")).isEqualTo("\u0410\u04101234\u0412\u0421");
    PlateRead free = new PlateRead("gate-1", "f-2", at, "W77W", 0.2, new double[4], new Box(1, 2, 30, 10), null,
        null);
    assertThat(free.toJson().getString("printed")).isEqualTo("W77W");
    assertThat(new FrameResult("gate-1", "f-1", java.util.List.of(ua), 900).toJson().getJsonArray("reads")
        .getJsonObject(0).getString("printed")).isEqualTo("\u0410\u04101234\u0412\u0421");
  }
}
