package io.lanekeeper.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Box;
import io.lanekeeper.bus.ParkedPlate;
import io.lanekeeper.bus.PlateRead;
import io.lanekeeper.bus.VehicleRead;
import io.lanekeeper.config.TrackerConfig;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The tracker's core on a clock the test sets: no timer, no sleep, the same decisions at the same times. */
class VehicleTrackerTest {

  private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");

  private final List<VehicleRead> vehicles = new ArrayList<>();
  private final List<ParkedPlate> parked = new ArrayList<>();
  private final List<String> kept = new ArrayList<>();

  private VehicleTracker tracker(JsonObject cfg) {
    return new VehicleTracker(TrackerConfig.from(cfg), new VehicleTracker.Events() {
      @Override
      public void vehicle(VehicleRead v) {
        vehicles.add(v);
      }

      @Override
      public void parked(ParkedPlate p) {
        parked.add(p);
      }

      @Override
      public void keepFrame(String lane, String frameId) {
        kept.add(frameId);
      }
    });
  }

  private static PlateRead read(String plate, double conf, long ms, int x) {
    double[] cc = new double[plate.length()];
    Arrays.fill(cc, Math.pow(conf, 1.0 / plate.length()));
    return new PlateRead("v", "f" + ms, T0.plusMillis(ms), plate, conf, cc, new Box(x, 300, 160, 50), null, null);
  }

  @Test
  @DisplayName("A doubtful vehicle is decided when it falls quiet, at the time it does, by the vote of its reads")
  void quietDecidesAtItsTime() {
    VehicleTracker t = tracker(new JsonObject().put("windowMs", 1000).put("decideConfidence", 0.99));
    t.read(read("ABC1234", 0.8, 0, 100), T0);
    t.read(read("A8C1234", 0.6, 200, 104), T0.plusMillis(200));
    t.read(read("ABC1234", 0.8, 400, 108), T0.plusMillis(400));
    assertThat(t.nextDue()).isEqualTo(T0.plusMillis(1400));
    t.advance(T0.plusMillis(1399));
    assertThat(vehicles).isEmpty();
    t.advance(T0.plusMillis(5000));
    assertThat(vehicles).singleElement().satisfies(v -> {
      assertThat(v.plate()).isEqualTo("ABC1234");
      assertThat(v.nReads()).isEqualTo(3);
      assertThat(v.decidedAt()).isEqualTo(T0.plusMillis(1400));
      assertThat(v.firstSeen()).isEqualTo(T0);
    });
    // a replayed lane's vehicle has gone with its quiet: the same plate later is a new vehicle
    assertThat(t.vehicles()).isZero();
    assertThat(t.nextDue()).isNull();
    assertThat(kept).containsExactly("f0", "f200");
  }

  @Test
  @DisplayName("A sure vehicle is decided at once; finish decides the ones still waiting")
  void sureAtOnceAndFinish() {
    VehicleTracker t = tracker(new JsonObject().put("windowMs", 1000).put("decideConfidence", 0.9));
    t.read(read("XYZ9876", 0.97, 0, 100), T0);
    assertThat(vehicles).extracting(VehicleRead::plate).containsExactly("XYZ9876");
    t.read(read("QRS5555", 0.6, 100, 900), T0.plusMillis(100));
    t.finish(T0.plusMillis(300));
    assertThat(vehicles).extracting(VehicleRead::plate).containsExactly("XYZ9876", "QRS5555");
    assertThat(vehicles.get(1).decidedAt()).isEqualTo(T0.plusMillis(300));
    assertThat(t.vehicles()).isZero();
  }

  @Test
  @DisplayName("On a watching lane, what the first frames show is parked, and a vehicle leaves when frames show it")
  void watchingLane() {
    VehicleTracker t = tracker(new JsonObject().put("windowMs", 500).put("goneFrames", 3).put("warmupMs", 2000)
        .put("decideConfidence", 0.9));
    t.source("v", "rtsp");
    t.frame("v", "f-start", T0);
    t.read(read("PRK1111", 0.95, 100, 100), T0.plusMillis(100));
    assertThat(parked).extracting(ParkedPlate::plate).containsExactly("PRK1111");
    assertThat(vehicles).isEmpty();
    t.read(read("NEW2222", 0.95, 3000, 900), T0.plusMillis(3000));
    assertThat(vehicles).as("one read, however sure, waits for a second on a watching lane").isEmpty();
    t.read(read("NEW2222", 0.95, 3100, 902), T0.plusMillis(3100));
    assertThat(vehicles).extracting(VehicleRead::plate).containsExactly("NEW2222");
    // three frames without them, each unseen for the window: both have gone, and their spots are remembered
    for (int i = 1; i <= 2; i++) {
      t.frame("v", "empty" + i, T0.plusMillis(3000 + 300L * i));
    }
    assertThat(t.vehicles()).isEqualTo(2);
    t.frame("v", "empty3", T0.plusMillis(3900));
    assertThat(t.vehicles()).isZero();
    // the parked car read again where it stood, after the warm-up: still parked, never decided
    t.read(read("PRK1111", 0.95, 6000, 102), T0.plusMillis(6000));
    assertThat(parked).extracting(ParkedPlate::plate).containsExactly("PRK1111", "PRK1111");
    assertThat(vehicles).extracting(VehicleRead::plate).containsExactly("NEW2222");
  }

  @Test
  @DisplayName("On a watching lane one frame's sure misread never decides alone: the reads after it vote it down")
  void watchingLaneConfirms() {
    JsonObject cfg = new JsonObject().put("windowMs", 1000).put("warmupMs", 0).put("decideConfidence", 0.9);
    // the misread of CI's RTSP test (C read G in one frame at 0.94), then the plate as every other frame reads it
    List<PlateRead> reads = List.of(read("RAG2B92", 0.94, 0, 100), read("RAC2B92", 0.97, 100, 101),
        read("RAC2B92", 0.97, 200, 102), read("RAC2B92", 0.97, 300, 103), read("RAC2B92", 0.97, 400, 104));
    VehicleTracker once = tracker(cfg.copy().put("confirmReads", 1));
    once.source("v", "rtsp");
    once.read(reads.getFirst(), T0);
    assertThat(vehicles).as("confirmReads 1: the first sure read decides").extracting(VehicleRead::plate)
        .containsExactly("RAG2B92");
    vehicles.clear();

    VehicleTracker t = tracker(cfg);
    t.source("v", "rtsp");
    for (PlateRead r : reads.subList(0, 4)) {
      t.read(r, r.capturedAt());
    }
    assertThat(vehicles).as("the vote of RAG2B92 and RAC2B92 is not sure yet").isEmpty();
    t.read(reads.get(4), reads.get(4).capturedAt());
    assertThat(vehicles).singleElement().satisfies(v -> {
      assertThat(v.plate()).isEqualTo("RAC2B92");
      assertThat(v.nReads()).as("maxReads decided it").isEqualTo(5);
    });
  }

  @Test
  @DisplayName("On a watching lane a car read sure only once is decided when it falls quiet; a replayed lane's at once")
  void watchingLaneSingleRead() {
    JsonObject cfg = new JsonObject().put("windowMs", 1000).put("warmupMs", 0).put("decideConfidence", 0.9);
    VehicleTracker t = tracker(cfg);
    t.source("v", "rtsp");
    t.read(read("ONE1111", 0.97, 0, 100), T0);
    assertThat(vehicles).isEmpty();
    t.advance(T0.plusMillis(999));
    assertThat(vehicles).isEmpty();
    t.advance(T0.plusMillis(1000));
    assertThat(vehicles).singleElement().satisfies(v -> {
      assertThat(v.plate()).isEqualTo("ONE1111");
      assertThat(v.decidedAt()).isEqualTo(T0.plusMillis(1000));
    });
    vehicles.clear();
    VehicleTracker folder = tracker(cfg);
    folder.source("v", "folder");
    folder.read(read("TWO2222", 0.97, 0, 100), T0);
    assertThat(vehicles).extracting(VehicleRead::plate).containsExactly("TWO2222");
  }

  @Test
  @DisplayName("A jump of the caller's clock moves what is due with it: a vehicle falls quiet a window after its read")
  void clockJump() {
    VehicleTracker t = tracker(new JsonObject().put("windowMs", 1000).put("decideConfidence", 0.99));
    t.read(read("ABC1234", 0.8, 0, 100), T0);
    t.shiftDue(java.time.Duration.ofMinutes(10));   // NTP set the clock ten minutes on
    t.advance(T0.plusSeconds(600));
    assertThat(vehicles).isEmpty();
    assertThat(t.nextDue()).isEqualTo(T0.plusSeconds(601));
    t.advance(T0.plusSeconds(601));
    assertThat(vehicles).extracting(VehicleRead::plate).containsExactly("ABC1234");
  }
}
