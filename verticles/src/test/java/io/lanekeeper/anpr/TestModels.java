package io.lanekeeper.anpr;


import io.lanekeeper.testing.Prerequisites;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The models the engine tests run: {@code models/*.onnx} on the classpath (the trained models, once they are in
 * the repository), else the folder named by {@code -Dlanekeeper.test.models=DIR} or {@code LANEKEEPER_TEST_MODELS}
 * (e.g. random-weight models with the same contract); otherwise the test is skipped.
 */
final class TestModels {

  private TestModels() {
  }

  static AnprConfig configOrSkip(JsonObject extra) {
    AnprConfig classpath = AnprConfig.from(extra.copy());
    if (DjlPlateRecognizer.modelsAvailable(classpath)) {
      return classpath;
    }
    String dir = System.getProperty("lanekeeper.test.models", System.getenv("LANEKEEPER_TEST_MODELS"));
    if (dir != null && Files.isRegularFile(Path.of(dir, "detector.onnx"))
        && Files.isRegularFile(Path.of(dir, "ocr.onnx"))) {
      Path refiner = Path.of(dir, "refiner.onnx");
      return AnprConfig.from(extra.copy().put("detector", Path.of(dir, "detector.onnx").toString())
          .put("ocr", Path.of(dir, "ocr.onnx").toString())
          .put("refiner", Files.isRegularFile(refiner) ? refiner.toString() : "none"));
    }
    Prerequisites.need(false, "models/detector.onnx and models/ocr.onnx are not on the classpath (no trained models "
        + "yet) and -Dlanekeeper.test.models / LANEKEEPER_TEST_MODELS names no folder with them");
    return null;
  }
}
