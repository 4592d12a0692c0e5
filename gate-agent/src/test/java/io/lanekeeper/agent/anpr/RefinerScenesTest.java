package io.lanekeeper.agent.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.anpr.AnprConfig;
import io.lanekeeper.anpr.Detection;
import io.lanekeeper.anpr.DjlPlateRecognizer;
import io.lanekeeper.anpr.StageTimes;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The box refiner measured as the evaluation measures it: on generated scenes read as a dev set. Here, beside
 * {@link DevSet}, because reading labelled sets is the tools' business; the refiner's own unit tests are the
 * engine's ({@code RefinerTest}).
 */
class RefinerScenesTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("on generated scenes (plates in holders and mounts) the refined boxes fit the plates better")
  void tighterOnGeneratedScenes() throws Exception {
    // the models ship inside the verticles' jar: without them this build is broken, not short of something
    AnprConfig refined = AnprConfig.defaults();
    assertThat(DjlPlateRecognizer.modelsAvailable(refined)).as("models on the classpath").isTrue();
    assertThat(refined.refinerModel()).as("a refiner model").isNotNull();
    List<DevSet.Sample> scenes = GeneratedScenes.draw(dir, 4242);
    double[] with = meanIou(refined, scenes);
    double[] without = meanIou(AnprConfig.from(new JsonObject().put("refiner", "none")
        .put("detector", refined.detectorModel()).put("ocr", refined.ocrModel())), scenes);
    System.out.printf("generated scenes: mean IoU %.3f with the refiner, %.3f without; %d and %d plates found%n",
        with[0], without[0], (int) with[1], (int) without[1]);
    assertThat(with[1]).as("plates found with the refiner").isGreaterThanOrEqualTo(without[1] - 1);
    assertThat(with[0]).as("mean IoU with the refiner (%.3f without)", without[0])
        .isGreaterThan(without[0] + 0.03).isGreaterThan(0.8);
  }

  /** Mean IoU of each labelled plate with the engine's best box for it, and how many plates had a box. */
  private static double[] meanIou(AnprConfig cfg, List<DevSet.Sample> scenes) throws Exception {
    double sum = 0;
    int plates = 0;
    int found = 0;
    try (DjlPlateRecognizer r = new DjlPlateRecognizer(cfg)) {
      for (DevSet.Sample scene : scenes) {
        StageTimes t = new StageTimes();
        r.recognize(Files.readAllBytes(scene.image()), List.of(), t);
        for (DevSet.Truth plate : scene.plates()) {
          double best = 0;
          for (Detection d : t.detections()) {
            best = Math.max(best, plate.box().iou(d.box()));
          }
          plates++;
          sum += best;
          found += best >= 0.5 ? 1 : 0;
        }
      }
    }
    return new double[] {sum / plates, found};
  }
}
