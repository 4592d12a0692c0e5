package io.lanekeeper.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Box;
import io.lanekeeper.bus.PlateArea;
import io.lanekeeper.config.CameraConfig;
import io.lanekeeper.testing.QueueVideo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlateAreaTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("A plate counts when its box centre is inside the region (edges included) and it is wide enough")
  void keeps() {
    PlateArea lower = new PlateArea(CameraConfig.DEFAULT_REGION, 0.03);
    assertThat(lower.keeps(new Box(600, 400, 100, 30), 1280, 720)).isTrue();
    assertThat(lower.keeps(new Box(600, 100, 100, 30), 1280, 720)).as("top quarter").isFalse();
    assertThat(lower.keeps(new Box(600, 400, 30, 10), 1280, 720)).as("30 px of 1280: too far").isFalse();
    assertThat(lower.keeps(new Box(1230, 700, 100, 40), 1280, 720)).as("centre on the bottom-right corner").isTrue();
    PlateArea triangle = new PlateArea(List.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {0, 1}), 0);
    assertThat(triangle.keeps(new Box(100, 100, 40, 12), 1000, 1000)).isTrue();
    assertThat(triangle.keeps(new Box(800, 800, 40, 12), 1000, 1000)).isFalse();
    assertThat(PlateArea.ALL.keeps(new Box(0, 0, 1, 1), 1280, 720)).isTrue();
  }

  @Test
  @DisplayName("The engine reads no plate outside the lane's area: not in the region, or too narrow")
  void engineReadsOnlyInsideTheArea() throws Exception {
    QueueVideo.Video video = QueueVideo.write(dir, 1, 5, 7);
    int standing = (int) Math.round(video.cars().getFirst().standingS() * video.fps());
    byte[] frame = Files.readAllBytes(video.frames().resolve(String.format("f%05d.jpg", standing)));
    List<String> formats = List.of(QueueVideo.PROFILE);
    try (DjlPlateRecognizer r = new DjlPlateRecognizer(AnprConfig.defaults())) {
      assertThat(r.recognize(frame, formats, new PlateArea(CameraConfig.DEFAULT_REGION, 0.03)))
          .extracting(RecognizedPlate::text).containsExactly(video.plates().getFirst());
      // the plate stands at (0.5, 0.6): a region over the top half holds none of it
      List<double[]> top = List.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {1, 0.5},
          new double[] {0, 0.5});
      assertThat(r.recognize(frame, formats, new PlateArea(top, 0))).isEmpty();
      assertThat(r.recognize(frame, formats, new PlateArea(List.of(), 0.3))).as("16% wide, 30% asked").isEmpty();
    }
  }
}
