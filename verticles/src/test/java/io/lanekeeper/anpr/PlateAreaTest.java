package io.lanekeeper.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Box;
import io.lanekeeper.bus.PlateArea;
import io.lanekeeper.config.CameraConfig;
import io.lanekeeper.synth.QueueScene;
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
    PlateArea lower = PlateArea.lane(CameraConfig.DEFAULT_REGION, 0.03);
    assertThat(lower.keeps(new Box(600, 400, 100, 30), 1280, 720)).isTrue();
    assertThat(lower.keeps(new Box(600, 100, 100, 30), 1280, 720)).as("top quarter").isFalse();
    assertThat(lower.keeps(new Box(600, 400, 30, 10), 1280, 720)).as("30 px of 1280: too far").isFalse();
    assertThat(new PlateArea(CameraConfig.DEFAULT_REGION, 0.03, false).keeps(new Box(1230, 700, 100, 40), 1280, 720))
        .as("centre on the bottom-right corner").isTrue();
    PlateArea triangle = PlateArea.lane(List.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {0, 1}), 0);
    assertThat(triangle.keeps(new Box(100, 100, 40, 12), 1000, 1000)).isTrue();
    assertThat(triangle.keeps(new Box(800, 800, 40, 12), 1000, 1000)).isFalse();
    assertThat(PlateArea.ALL.keeps(new Box(0, 0, 1, 1), 1280, 720)).isTrue();
  }

  @Test
  @DisplayName("A lane keeps whole plates only: a box that reaches an edge of the frame is a plate cut by it")
  void keepsWholePlates() {
    PlateArea lane = PlateArea.lane(List.of(), 0);
    // a tenth of the plate's width (10 px) and height (3 px) clear of the edges
    assertThat(lane.keeps(new Box(10, 3, 100, 30), 1280, 720)).as("clear of the corner").isTrue();
    assertThat(lane.keeps(new Box(1170, 687, 100, 30), 1280, 720)).as("clear of the far corner").isTrue();
    assertThat(lane.keeps(new Box(1177, 400, 100, 30), 1280, 720)).as("3 px from the right edge").isFalse();
    assertThat(lane.keeps(new Box(0, 400, 100, 30), 1280, 720)).as("at the left edge").isFalse();
    assertThat(lane.keeps(new Box(9, 400, 100, 30), 1280, 720)).as("9 px from the left edge").isFalse();
    assertThat(lane.keeps(new Box(600, 2, 100, 30), 1280, 720)).as("at the top").isFalse();
    assertThat(lane.keeps(new Box(600, 690, 100, 30), 1280, 720)).as("at the bottom").isFalse();
    assertThat(PlateArea.ALL.keeps(new Box(1177, 400, 100, 30), 1280, 720)).as("one image: every plate").isTrue();
    assertThat(PlateArea.ALL.keeps(new Box(0, 0, 1280, 720), 1280, 720)).as("a crop the plate fills").isTrue();
  }

  @Test
  @DisplayName("A car leaving the frame: its cut plate reads as a fragment of one image, and is not read on a lane")
  void cutPlateIsNoLaneRead() throws Exception {
    QueueScene scene = new QueueScene(QueueVideo.WIDTH, QueueVideo.HEIGHT, QueueVideo.PLATE_WIDTH,
        QueueVideo.PROFILE, 11);
    int car = scene.addCar();
    String plate = scene.plate(car);
    double y = 0.6 * QueueVideo.HEIGHT;
    // the plate's centre 15% of its width inside the right edge: its right 35% is out of the frame
    byte[] cut = QueueScene.jpeg(scene.withCar(car, QueueVideo.WIDTH - 0.15 * QueueVideo.PLATE_WIDTH, y, 1));
    byte[] whole = QueueScene.jpeg(scene.withCar(car, 0.5 * QueueVideo.WIDTH, y, 1));
    List<String> formats = List.of(QueueVideo.PROFILE);
    try (DjlPlateRecognizer r = new DjlPlateRecognizer(AnprConfig.defaults())) {
      List<RecognizedPlate> anyImage = r.recognize(cut, formats, false, PlateArea.ALL);
      assertThat(anyImage).as("the detector finds the cut plate").isNotEmpty();
      assertThat(anyImage).extracting(RecognizedPlate::text).doesNotContain(plate);
      assertThat(r.recognize(cut, formats, false, PlateArea.lane(List.of(), 0))).isEmpty();
      assertThat(r.recognize(whole, formats, false, PlateArea.lane(List.of(), 0)))
          .extracting(RecognizedPlate::text).containsExactly(plate);
    }
  }

  @Test
  @DisplayName("The engine reads no plate outside the lane's area: not in the region, or too narrow")
  void engineReadsOnlyInsideTheArea() throws Exception {
    QueueVideo.Video video = QueueVideo.write(dir, 1, 5, 7);
    int standing = (int) Math.round(video.cars().getFirst().standingS() * video.fps());
    byte[] frame = Files.readAllBytes(video.frames().resolve(String.format("f%05d.jpg", standing)));
    List<String> formats = List.of(QueueVideo.PROFILE);
    try (DjlPlateRecognizer r = new DjlPlateRecognizer(AnprConfig.defaults())) {
      assertThat(r.recognize(frame, formats, PlateArea.lane(CameraConfig.DEFAULT_REGION, 0.03)))
          .extracting(RecognizedPlate::text).containsExactly(video.plates().getFirst());
      // the plate stands at (0.5, 0.6): a region over the top half holds none of it
      List<double[]> top = List.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {1, 0.5},
          new double[] {0, 0.5});
      assertThat(r.recognize(frame, formats, PlateArea.lane(top, 0))).isEmpty();
      assertThat(r.recognize(frame, formats, PlateArea.lane(List.of(), 0.3))).as("16% wide, 30% asked").isEmpty();
    }
  }
}
