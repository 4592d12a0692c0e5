package io.lanekeeper.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.VehicleRead;
import io.lanekeeper.testing.Decisions;
import io.lanekeeper.testing.Poll;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Decision frames kept for the history")
class FrameArchiveTest {

  @TempDir
  Path root;
  private Vertx vertx;
  private final Map<String, byte[]> recent = new HashMap<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static byte[] jpeg(int size, int fill) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) fill);
    b[0] = (byte) 0xFF;
    b[1] = (byte) 0xD8;
    return b;
  }

  /** Publishes the decision on a vehicle whose best read is in the given frame; returns its event id's file. */
  private AccessDecision decide(String lane, String frameId) {
    VehicleRead v = Decisions.vehicle(lane, "ABC1234");
    VehicleRead inFrame = new VehicleRead(v.vehicleId(), lane, v.firstSeen(), v.decidedAt(), v.plate(),
        v.confidence(), v.charConfidences(), v.nReads(), new io.lanekeeper.bus.PlateRead(lane, frameId,
            Instant.now(), "ABC1234", 0.9, new double[] {0.9}, v.best().box(), null, null));
    AccessDecision d = new AccessDecision(v.vehicleId(), lane, Instant.now(), true, "exact", "ABC1234", 1L, 0,
        inFrame);
    vertx.eventBus().publish(Addresses.ACCESS_DECISION, d.toJson());
    return d;
  }

  @Test
  @DisplayName("the frame of the lane's decision is written under its event id; other lanes and forgotten frames not")
  void keepsTheDecisionFrame() throws Exception {
    recent.put("f1", jpeg(1000, 1));
    FrameArchive a = new FrameArchive(vertx, "lane-1", root, 1 << 20, recent::get);
    a.start().await(10, TimeUnit.SECONDS);
    AccessDecision d = decide("lane-1", "f1");
    decide("lane-2", "f1");
    decide("lane-1", "gone");
    Poll.until("frame written", 10, () -> FrameFiles.find(root, "lane-1", d.eventId()) != null);
    assertThat(Files.readAllBytes(FrameFiles.find(root, "lane-1", d.eventId()))).isEqualTo(recent.get("f1"));
    Thread.sleep(300);
    assertThat(a.usage()).containsExactly(1, 1000);
    assertThat(Files.exists(root.resolve("lane-2"))).isFalse();
  }

  @Test
  @DisplayName("the lane's folder stays within its limit, oldest frames first, also across a restart")
  void staysWithinItsLimit() throws Exception {
    FrameArchive a = new FrameArchive(vertx, "lane-1", root, 2500, recent::get);
    a.start().await(10, TimeUnit.SECONDS);
    AccessDecision[] d = new AccessDecision[3];
    for (int i = 0; i < 3; i++) {
      recent.put("f" + i, jpeg(1000, i));
      d[i] = decide("lane-1", "f" + i);
      final AccessDecision di = d[i];
      Poll.until("frame " + i, 10, () -> FrameFiles.find(root, "lane-1", di.eventId()) != null);
      Thread.sleep(50);   // distinct modification times, oldest first
    }
    Poll.until("oldest deleted", 10, () -> FrameFiles.find(root, "lane-1", d[0].eventId()) == null);
    assertThat(FrameFiles.find(root, "lane-1", d[2].eventId())).isNotNull();
    assertThat(a.usage()).containsExactly(2, 2000);
    a.stop().await(10, TimeUnit.SECONDS);

    FrameArchive smaller = new FrameArchive(vertx, "lane-1", root, 1500, recent::get);
    smaller.start().await(10, TimeUnit.SECONDS);
    assertThat(smaller.usage()).containsExactly(1, 1000);
    assertThat(FrameFiles.find(root, "lane-1", d[1].eventId())).isNull();
    assertThat(FrameFiles.find(root, "lane-1", d[2].eventId())).isNotNull();
  }
}
