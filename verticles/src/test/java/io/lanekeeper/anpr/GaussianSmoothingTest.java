package io.lanekeeper.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GaussianSmoothingTest {

  @Test
  @DisplayName("A point spreads into a normalised Gaussian of the given sigma, symmetric, its total kept")
  void impulse() {
    int w = 41;
    int h = 31;
    float[] img = new float[w * h];
    img[15 * w + 20] = 1f;
    float[] out = new GaussianSmoothing(2.0).apply(img, w, h);
    double sum = 0;
    double varX = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        sum += out[y * w + x];
        varX += out[y * w + x] * (x - 20) * (x - 20);
      }
    }
    assertThat(sum).isCloseTo(1.0, within(1e-5));
    assertThat(Math.sqrt(varX / sum)).isCloseTo(2.0, within(0.05));   // kernel cut at 3 sigma: a little under 2
    assertThat(out[15 * w + 20]).isGreaterThan(out[15 * w + 21]);
    assertThat(out[15 * w + 19]).isCloseTo(out[15 * w + 21], within(1e-7f));
    assertThat(out[14 * w + 20]).isCloseTo(out[15 * w + 21], within(1e-7f));
    assertThat(img[15 * w + 20]).isEqualTo(1f);   // the source is left as it was
  }

  @Test
  @DisplayName("A flat image stays flat up to its edges, and a step is softened, not moved")
  void edgesAndSteps() {
    int w = 192;
    int h = 64;
    float[] flat = new float[w * h];
    java.util.Arrays.fill(flat, 0.7f);
    for (float v : new GaussianSmoothing(2.0).apply(flat, w, h)) {
      assertThat(v).isCloseTo(0.7f, within(1e-5f));
    }
    float[] step = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = w / 2; x < w; x++) {
        step[y * w + x] = 1f;
      }
    }
    float[] s = new GaussianSmoothing(1.5).apply(step, w, h);
    int row = 30 * w;
    assertThat(s[row + w / 2 - 1] + s[row + w / 2]).isCloseTo(1f, within(1e-5f));   // symmetric about the step
    assertThat(s[row + w / 2 - 1]).isBetween(0.2f, 0.5f);
    assertThat(s[row]).isZero();
    assertThat(s[row + w - 1]).isCloseTo(1f, within(1e-6f));
  }

  @Test
  @DisplayName("A bad sigma or an image of the wrong size is refused")
  void refusals() {
    assertThatThrownBy(() -> new GaussianSmoothing(0)).hasMessageContaining("sigma");
    assertThatThrownBy(() -> new GaussianSmoothing(Double.NaN)).hasMessageContaining("sigma");
    assertThatThrownBy(() -> new GaussianSmoothing(1).apply(new float[10], 4, 4)).hasMessageContaining("4x4");
  }
}
