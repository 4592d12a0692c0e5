package io.lanekeeper.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Box;
import io.lanekeeper.anpr.eval.DevSet;
import io.lanekeeper.synth.SynthCommand;
import io.lanekeeper.testing.Prerequisites;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  @DisplayName("on generated scenes (plates in holders and mounts) the refined boxes fit the plates better")
  void tighterOnGeneratedScenes() throws Exception {
    AnprConfig refined = TestModels.configOrSkip(new JsonObject());
    Prerequisites.need(refined.refinerModel() != null, "no refiner model (models/refiner.onnx)");
    int rc = SynthCommand.run(new String[] {"--out", dir.toString(), "--scenes", "24", "--clean", "--seed", "4242",
        "--threads", "1"}, new PrintStream(new ByteArrayOutputStream()));
    assertThat(rc).isZero();
    List<DevSet.Sample> scenes = DevSet.load(dir.resolve("scenes"));
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
