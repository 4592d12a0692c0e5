package io.lanekeeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReadFloorTest {

  private static double[] each(int n, double c) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, c);
    return a;
  }

  @Test
  @DisplayName("A lane without a 'read' block doubts reads below 0.5, any character below 0.4 and plates under 4")
  void defaults() {
    LaneConfig lane = LaneConfig.from(new JsonObject().put("id", "e1"), "");
    assertThat(lane.read()).isEqualTo(ReadFloor.DEFAULT);
    assertThat(lane.read().doubt("ABC1234", 0.93, each(7, 0.99))).isNull();
    assertThat(lane.read().doubt("GN24", 0.011, each(4, 0.33))).contains("confidence 0.011 below");
    assertThat(lane.read().doubt("ABC1234", 0.6, new double[] {0.99, 0.99, 0.99, 0.35, 0.99, 0.99, 0.99}))
        .isEqualTo("character 4 (1) at 0.350, below 0.400");
    assertThat(lane.read().doubt("AB1", 0.99, each(3, 0.997))).isEqualTo("3 characters, fewer than 4");
    assertThat(lane.read().doubt(null, 1, null)).isEqualTo("0 characters, fewer than 4");
  }

  @Test
  @DisplayName("A short plate needs the per-character certainty of a 7-character plate at the floor, so more in all")
  void shortPlatesNeedNoLessEvidence() {
    ReadFloor f = new ReadFloor(0.5, 0, 1);
    assertThat(f.minConfidenceFor(7)).isEqualTo(0.5);
    assertThat(f.minConfidenceFor(9)).isEqualTo(0.5);
    // 0.5^(4/7): the confidence of four characters each as sure as those of a 7-character read at 0.5
    assertThat(f.minConfidenceFor(4)).isCloseTo(Math.pow(0.5, 4 / 7.0), org.assertj.core.data.Offset.offset(1e-12));
    double perChar = Math.pow(0.5, 1 / 7.0);
    assertThat(f.doubt("GN24", Math.pow(perChar, 4) * 0.999, null)).isNotNull();
    assertThat(f.doubt("GN24", Math.pow(perChar, 4) * 1.001, null)).isNull();
    // what a long plate passes with, a short one does not
    assertThat(f.doubt("ABC1234", 0.55, null)).isNull();
    assertThat(f.doubt("GN24", 0.55, null)).isNotNull();
  }

  @Test
  @DisplayName("Character confidences of another length than the plate (an older version's read) are not read")
  void otherLengthJudgedByTheWhole() {
    assertThat(ReadFloor.DEFAULT.doubt("ABC1234", 0.9, new double[] {0.1})).isNull();
    assertThat(ReadFloor.DEFAULT.doubt("ABC1234", Double.NaN, null)).startsWith("confidence NaN");
  }

  @Test
  @DisplayName("A lane's floor is set under 'read' and refused with the key's name when out of range")
  void configured() {
    LaneConfig lane = LaneConfig.from(new JsonObject().put("id", "e1").put("read",
        new JsonObject().put("minConfidence", 0.8).put("minCharConfidence", 0.6).put("minLength", 5)), "");
    assertThat(lane.read()).isEqualTo(new ReadFloor(0.8, 0.6, 5));
    assertThat(LaneConfig.from(lane.toJson(), "").read()).isEqualTo(lane.read());
    assertThatThrownBy(() -> LaneConfig.from(new JsonObject().put("id", "e1").put("read",
        new JsonObject().put("minConfidence", 0.0)), "lanes[0]."))
        .isInstanceOf(ConfigException.class).hasMessageContaining("lanes[0].read.minConfidence");
    assertThatThrownBy(() -> LaneConfig.from(new JsonObject().put("id", "e1").put("read",
        new JsonObject().put("minLength", 0)), ""))
        .isInstanceOf(ConfigException.class).hasMessageContaining("read.minLength");
    assertThatThrownBy(() -> LaneConfig.from(new JsonObject().put("id", "e1").put("read", "strict"), ""))
        .isInstanceOf(ConfigException.class).hasMessageContaining("read");
  }
}
