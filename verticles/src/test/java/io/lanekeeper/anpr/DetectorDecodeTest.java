package io.lanekeeper.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lanekeeper.bus.Box;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DetectorDecodeTest {

  /** Heat and box maps of a gh x gw grid with one plate centre per entry {gx, gy, dx, dy, w, h, score}. */
  private static float[][] maps(int gh, int gw, double[]... plates) {
    int plane = gh * gw;
    float[] heat = new float[plane];
    float[] boxes = new float[4 * plane];
    for (double[] p : plates) {
      int i = (int) p[1] * gw + (int) p[0];
      heat[i] = (float) p[6];
      boxes[i] = (float) p[2];
      boxes[plane + i] = (float) p[3];
      boxes[2 * plane + i] = (float) p[4];
      boxes[3 * plane + i] = (float) p[5];
    }
    return new float[][] {heat, boxes};
  }

  @Test
  @DisplayName("A peak of a stride-8 map lands where the same plate lands on a stride-4 map")
  void strideScalesCentres() {
    // a 120x40 plate centred at (404, 212) in a 640x384 input; the frame was scaled by 0.5
    float[][] s8 = maps(48, 80, new double[] {50, 26, 0.5, 0.5, 120, 40, 0.9});
    float[][] s4 = maps(96, 160, new double[] {101, 53, 0.0, 0.0, 120, 40, 0.9});
    List<Detection> a = DetectorTranslator.decode(s8[0], s8[1], 48, 80, 8, 0.5, 1280, 768, 0.15, 0.4, 5);
    List<Detection> b = DetectorTranslator.decode(s4[0], s4[1], 96, 160, 4, 0.5, 1280, 768, 0.15, 0.4, 5);
    assertThat(a).hasSize(1);
    assertThat(a.get(0).box()).isEqualTo(new Box(688, 384, 240, 80));
    assertThat(b.get(0).box()).isEqualTo(a.get(0).box());
  }

  @Test
  @DisplayName("Peaks under the threshold are dropped, overlapping ones suppressed, the rest capped at maxPlates")
  void thresholdNmsAndCap() {
    float[][] m = maps(48, 80,
        new double[] {10, 10, 0.5, 0.5, 80, 24, 0.95},
        new double[] {12, 10, 0.5, 0.5, 80, 24, 0.60},   // overlaps the first: suppressed
        new double[] {40, 30, 0.5, 0.5, 80, 24, 0.10},   // under the threshold
        new double[] {60, 20, 0.5, 0.5, 80, 24, 0.50},
        new double[] {70, 40, 0.5, 0.5, 80, 24, 0.40});
    List<Detection> d = DetectorTranslator.decode(m[0], m[1], 48, 80, 8, 1.0, 640, 384, 0.15, 0.4, 2);
    assertThat(d).hasSize(2);
    assertThat(d.get(0).score()).isCloseTo(0.95, within(1e-6));
    assertThat(d.get(1).score()).isCloseTo(0.50, within(1e-6));
  }
}
