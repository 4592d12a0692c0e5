package io.lanekeeper.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Box;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The box refiner puts the detector's boxes on the plates' own edges")
class RefinerTest {

  @TempDir
  static Path dir;

  @Test
  @DisplayName("its window is the box's centre, 1.4 x 1.8 times the box, clamped to the frame")
  void window() {
    assertThat(RefinerTranslator.window(new Box(100, 100, 100, 40), 1920, 1080)).isEqualTo(new Box(80, 84, 140, 72));
    assertThat(RefinerTranslator.window(new Box(0, 1060, 100, 20), 1920, 1080)).isEqualTo(new Box(0, 1052, 120, 28));
    Box tiny = RefinerTranslator.window(new Box(1919, 1079, 1, 1), 1920, 1080);
    assertThat(tiny.x() + tiny.w()).isLessThanOrEqualTo(1920);
    assertThat(tiny.w()).isGreaterThanOrEqualTo(2);
  }

  @Test
  @DisplayName("edges become a box in the frame; inverted, empty or not-a-number edges give none")
  void edges() {
    Box w = new Box(80, 84, 140, 72);
    assertThat(RefinerTranslator.plate(w, new float[] {0.25f, 0.25f, 0.75f, 0.75f}, 1920, 1080))
        .isEqualTo(new Box(115, 102, 70, 36));
    assertThat(RefinerTranslator.plate(w, new float[] {-1f, 0.25f, 0.75f, 0.75f}, 1920, 1080).x()).isZero();
    assertThat(RefinerTranslator.plate(w, new float[] {0.75f, 0.25f, 0.25f, 0.75f}, 1920, 1080)).isNull();
    assertThat(RefinerTranslator.plate(w, new float[] {0.5f, 0.5f, 0.51f, 0.9f}, 1920, 1080)).isNull();
    assertThat(RefinerTranslator.plate(w, new float[] {Float.NaN, 0.25f, 0.75f, 0.75f}, 1920, 1080)).isNull();
  }
}
