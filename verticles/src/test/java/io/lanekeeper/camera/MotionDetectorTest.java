package io.lanekeeper.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MotionDetectorTest {

  /** The left half of the frame. */
  private static final List<double[]> LEFT_HALF = List.of(
      new double[] {0, 0}, new double[] {0.5, 0}, new double[] {0.5, 1}, new double[] {0, 1});

  private static GreyFrame grey(int x, int y) throws Exception {
    return GreyFrame.decode(TestImages.png(TestImages.withRect(x, y, 80, 60)), MotionDetector.WORK_WIDTH);
  }

  @Test
  @DisplayName("The first frame always counts as motion")
  void firstFramePasses() throws Exception {
    MotionDetector detector = new MotionDetector(LEFT_HALF, 0.5);

    assertThat(detector.hasMotion(grey(40, 40))).isTrue();
  }

  @Test
  @DisplayName("Two identical frames show no motion")
  void identicalFrames() throws Exception {
    MotionDetector detector = new MotionDetector(List.of(), 0.001);
    detector.hasMotion(grey(40, 40));

    assertThat(detector.changedFraction(grey(40, 40))).isZero();
  }

  @Test
  @DisplayName("A rectangle that moved inside the region is motion")
  void movedInsideRoi() throws Exception {
    MotionDetector detector = new MotionDetector(LEFT_HALF, 0.01);
    detector.hasMotion(grey(40, 40));

    assertThat(detector.hasMotion(grey(160, 300))).isTrue();
  }

  @Test
  @DisplayName("A change outside the region is not motion")
  void changeOutsideRoi() throws Exception {
    MotionDetector detector = new MotionDetector(LEFT_HALF, 0.001);
    detector.hasMotion(grey(400, 40));

    assertThat(detector.changedFraction(grey(500, 300))).isZero();
  }

  @Test
  @DisplayName("JPEG noise on an unchanged scene stays under the pixel threshold")
  void jpegNoise() throws Exception {
    MotionDetector detector = new MotionDetector(List.of(), 0.001);
    byte[] jpeg = TestImages.jpeg(TestImages.withRect(100, 100, 80, 60));
    detector.hasMotion(GreyFrame.decode(jpeg, MotionDetector.WORK_WIDTH));

    byte[] png = TestImages.png(TestImages.withRect(100, 100, 80, 60));
    assertThat(detector.hasMotion(GreyFrame.decode(png, MotionDetector.WORK_WIDTH))).isFalse();
  }

  @Test
  @DisplayName("Frames are decoded at about the working width")
  void decodesSmall() throws Exception {
    GreyFrame frame = grey(0, 0);

    assertThat(frame.width()).isBetween(MotionDetector.WORK_WIDTH, 2 * MotionDetector.WORK_WIDTH);
    assertThat(frame.height() * TestImages.WIDTH).isEqualTo(frame.width() * TestImages.HEIGHT);
  }

  @Test
  @DisplayName("A threshold of 0 disables gating")
  void zeroDisables() {
    assertThat(new MotionDetector(List.of(), 0).enabled()).isFalse();
  }
}
