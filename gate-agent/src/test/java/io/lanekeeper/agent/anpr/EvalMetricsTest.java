package io.lanekeeper.agent.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lanekeeper.agent.anpr.EvalMetrics.Predicted;
import io.lanekeeper.bus.Box;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EvalMetricsTest {

  @Test
  @DisplayName("Recall, plate and character accuracy, confusions and latency come out exactly on a tiny set")
  void metricsOnTinyFixture() {
    EvalMetrics m = new EvalMetrics();
    // exact read
    m.add("a.jpg", List.of(new DevSet.Truth(new Box(100, 100, 100, 30), "ABC1234")),
        List.of(new Predicted(new Box(102, 101, 100, 30), "ABC1234")), 10);
    // one substitution (O read as 0) and a second, unreadable plate found without a read
    m.add("b.jpg", List.of(new DevSet.Truth(new Box(0, 0, 100, 30), "BOX1234"),
            new DevSet.Truth(new Box(300, 300, 60, 20), null)),
        List.of(new Predicted(new Box(0, 0, 100, 30), "B0X1234"), new Predicted(new Box(300, 300, 60, 20), null)),
        20);
    // a box too far off (IoU < 0.5): missed, scores 0
    m.add("c.jpg", List.of(new DevSet.Truth(new Box(0, 0, 100, 30), "QQQ1111")),
        List.of(new Predicted(new Box(60, 0, 100, 30), "QQQ1111")), 30);
    // found, one character missing: distance 1 over 7
    m.add("d.jpg", List.of(new DevSet.Truth(new Box(10, 10, 100, 30), "XYZ9876")),
        List.of(new Predicted(new Box(10, 10, 100, 30), "XYZ987")), 40);

    assertThat(m.images()).isEqualTo(4);
    assertThat(m.plates()).isEqualTo(5);
    assertThat(m.readablePlates()).isEqualTo(4);
    assertThat(m.detectionRecall()).isCloseTo(4 / 5.0, within(1e-12));
    assertThat(m.plateAccuracy()).isCloseTo(1 / 4.0, within(1e-12));
    assertThat(m.charAccuracy()).isCloseTo((1 + 6 / 7.0 + 0 + 6 / 7.0) / 4, within(1e-12));
    assertThat(m.confusions()).containsExactly(java.util.Map.entry("O>0", 1));
    assertThat(m.latencyPercentile(50)).isEqualTo(20);
    assertThat(m.latencyPercentile(95)).isEqualTo(40);
    assertThat(m.worst(1)).singleElement().satisfies(c -> {
      assertThat(c.file()).isEqualTo("c.jpg");
      assertThat(c.read()).isNull();
    });
    assertThat(m.toJson(2).getDouble("plate_accuracy")).isEqualTo(0.25);
    // by width: the 60 px plate alone under 80 px, the four 100 px plates together, no wider ones
    assertThat(m.byWidth()).containsExactly(
        new EvalMetrics.WidthBucket("under 80 px", 1, 1, 0, 0),
        new EvalMetrics.WidthBucket("80-119 px", 4, 3, 4, 1),
        new EvalMetrics.WidthBucket("120-199 px", 0, 0, 0, 0),
        new EvalMetrics.WidthBucket("200 px and up", 0, 0, 0, 0));
    assertThat(m.toJson(0).getJsonArray("by_width")).hasSize(2);
    assertThat(m.toJson(0).getJsonArray("by_width").getJsonObject(1).getDouble("detection_recall")).isEqualTo(0.75);
    assertThat(EvalMetrics.widthBucket(79)).isZero();
    assertThat(EvalMetrics.widthBucket(80)).isEqualTo(1);
    assertThat(EvalMetrics.widthBucket(200)).isEqualTo(3);
    assertThat(m.toJson(2).getJsonObject("latency_ms").getDouble("p95")).isEqualTo(40.0);
  }

  @Test
  @DisplayName("A read whose box overlaps no annotated plate, readable or not, is a false read; a loose box is not")
  void falseReads() {
    EvalMetrics m = new EvalMetrics();
    Box plate = new Box(100, 100, 100, 30);
    Box unreadable = new Box(600, 400, 60, 20);
    m.add("a.jpg", List.of(new DevSet.Truth(plate, "ABC1234"), new DevSet.Truth(unreadable, null)), List.of(
        new Predicted(plate, "ABC1234"),
        new Predicted(new Box(160, 100, 100, 30), "C1234XY"),   // IoU 0.25 with the plate: a loose box, not false
        new Predicted(new Box(610, 400, 60, 20), "JUNK1"),      // on the unreadable plate: a plate, not false
        new Predicted(new Box(900, 50, 120, 40), "EC080KU"),    // a badge: false
        new Predicted(new Box(900, 500, 120, 40), null)), 10);  // looked at, nothing read: not a read
    m.add("b.jpg", List.of(), List.of(new Predicted(new Box(0, 0, 80, 20), "pu-tt")), 10);
    assertThat(m.falseReads()).isEqualTo(2);
    assertThat(m.falseReadExamples()).containsExactly(
        new EvalMetrics.FalseRead("a.jpg", "EC080KU", new Box(900, 50, 120, 40)),
        new EvalMetrics.FalseRead("b.jpg", "PUTT", new Box(0, 0, 80, 20)));
    assertThat(m.toJson(0).getInteger("false_reads")).isEqualTo(2);
    assertThat(m.toJson(0).getJsonArray("false_read_examples").getJsonObject(0).getJsonArray("box").getList())
        .containsExactly(900, 50, 120, 40);
    // the plate read right is unaffected, and the examples stop at their cap while the count goes on
    assertThat(m.plateAccuracy()).isEqualTo(1.0);
    for (int i = 0; i < EvalMetrics.FALSE_READ_EXAMPLES; i++) {
      m.add("c" + i + ".jpg", List.of(), List.of(new Predicted(new Box(0, 0, 80, 20), "SIGN")), 10);
    }
    assertThat(m.falseReads()).isEqualTo(2 + EvalMetrics.FALSE_READ_EXAMPLES);
    assertThat(m.falseReadExamples()).hasSize(EvalMetrics.FALSE_READ_EXAMPLES);
  }

  @Test
  @DisplayName("Character accuracy is one minus the edit distance over the truth's length, never below zero")
  void charAccuracyDefinition() {
    assertThat(EvalMetrics.charAccuracy("ABC1234", "ABC1234")).isEqualTo(1.0);
    assertThat(EvalMetrics.charAccuracy("ABC1234", "ABC123")).isCloseTo(6 / 7.0, within(1e-12));
    assertThat(EvalMetrics.charAccuracy("AB12", "ZZZZZZZZZZ")).isEqualTo(0.0);
  }
}
