package io.lanekeeper.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AnprConfigTest {

  @Test
  @DisplayName("An empty configuration gives the defaults: OnnxRuntime, classpath models, 640x384, OpenCV")
  void defaults() {
    AnprConfig c = AnprConfig.defaults();
    assertThat(c.engine()).isEqualTo("OnnxRuntime");
    assertThat(c.detectorModel()).isEqualTo("classpath:models/detector.onnx");
    assertThat(c.ocrModel()).isEqualTo("classpath:models/ocr.onnx");
    assertThat(c.refinerModel()).isEqualTo("classpath:models/refiner.onnx");
    assertThat(c.detectorWidth()).isEqualTo(640);
    assertThat(c.detectorHeight()).isEqualTo(384);
    assertThat(c.decoder()).isEqualTo("auto");
    assertThat(c.maxPixels()).isEqualTo(40_000_000);
    assertThat(c.offline()).isTrue();
    assertThat(c.smoothedRead()).isZero();
    assertThat(c.invertedRead()).isEqualTo(0.75);
    assertThat(c.moreCropsBelow()).isEqualTo(0.98);
    assertThat(c.weakBoxBelow()).isEqualTo(0.35);
    assertThat(c.weakBoxMinConfidence()).isEqualTo(0.9);
  }

  @Test
  @DisplayName("Weak boxes' reads can be let through with 0, kept with withDecoder; values out of 0..1 are refused")
  void weakBoxes() {
    AnprConfig off = AnprConfig.from(new JsonObject().put("weakBoxBelow", 0).put("weakBoxMinConfidence", 0.5));
    assertThat(off.weakBoxBelow()).isZero();
    assertThat(off.withDecoder("opencv").weakBoxMinConfidence()).isEqualTo(0.5);
    assertThatThrownBy(() -> AnprConfig.from(new JsonObject().put("weakBoxBelow", 1.5)))
        .hasMessageStartingWith("anpr.weakBoxBelow ");
    assertThatThrownBy(() -> AnprConfig.from(new JsonObject().put("weakBoxMinConfidence", -1)))
        .hasMessageStartingWith("anpr.weakBoxMinConfidence ");
  }

  @Test
  @DisplayName("A plate's other crops can be read always with 1; a threshold out of 0..1 is refused")
  void moreCropsBelow() {
    assertThat(AnprConfig.from(new JsonObject().put("moreCropsBelow", 1)).moreCropsBelow()).isEqualTo(1);
    assertThat(AnprConfig.from(new JsonObject().put("moreCropsBelow", 0.5)).withDecoder("opencv").moreCropsBelow())
        .isEqualTo(0.5);
    assertThatThrownBy(() -> AnprConfig.from(new JsonObject().put("moreCropsBelow", 1.01)))
        .hasMessageStartingWith("anpr.moreCropsBelow ");
    assertThatThrownBy(() -> AnprConfig.from(new JsonObject().put("moreCropsBelow", -0.1)))
        .hasMessageStartingWith("anpr.moreCropsBelow ");
  }

  @Test
  @DisplayName("The inverted read can be turned off with 0; a weight out of 0..1 is refused")
  void invertedRead() {
    assertThat(AnprConfig.from(new JsonObject().put("invertedRead", 0)).invertedRead()).isZero();
    assertThat(AnprConfig.from(new JsonObject().put("invertedRead", 1)).invertedRead()).isEqualTo(1);
    assertThatThrownBy(() -> AnprConfig.from(new JsonObject().put("invertedRead", 1.5)))
        .hasMessageStartingWith("anpr.invertedRead ");
    assertThatThrownBy(() -> AnprConfig.from(new JsonObject().put("invertedRead", -0.1)))
        .hasMessageStartingWith("anpr.invertedRead ");
  }

  @Test
  @DisplayName("The smoothed read can be turned off with 0; a sigma out of 0..5 is refused")
  void smoothedRead() {
    assertThat(AnprConfig.from(new JsonObject().put("smoothedRead", 0)).smoothedRead()).isZero();
    assertThat(AnprConfig.from(new JsonObject().put("smoothedRead", 1.5)).smoothedRead()).isEqualTo(1.5);
    assertThatThrownBy(() -> AnprConfig.from(new JsonObject().put("smoothedRead", -1)))
        .hasMessageStartingWith("anpr.smoothedRead ");
    assertThatThrownBy(() -> AnprConfig.from(new JsonObject().put("smoothedRead", 9)))
        .hasMessageStartingWith("anpr.smoothedRead ");
  }

  @Test
  @DisplayName("The second reader is off by default and with \"none\"; a folder turns it on; a blank one is refused")
  void secondReader() {
    assertThat(AnprConfig.defaults().secondReader()).isNull();
    assertThat(AnprConfig.defaults().secondReaderBelow()).isEqualTo(0.5);
    assertThat(AnprConfig.defaults().secondReaderMin()).isEqualTo(0.9);
    assertThat(AnprConfig.from(new JsonObject().put("secondReader", "none")).secondReader()).isNull();
    assertThat(AnprConfig.from(new JsonObject().put("secondReader", "data/teacher")).secondReader())
        .isEqualTo(java.nio.file.Path.of("data/teacher"));
    assertThatThrownBy(() -> AnprConfig.from(new JsonObject().put("secondReader", " ")))
        .hasMessageStartingWith("anpr.secondReader ");
    assertThatThrownBy(() -> AnprConfig.from(new JsonObject().put("secondReaderMin", 2)))
        .hasMessageStartingWith("anpr.secondReaderMin ");
  }

  @Test
  @DisplayName("Bad values are refused with a message naming the key")
  void namesBadKey() {
    assertThatThrownBy(() -> AnprConfig.from(new JsonObject().put("engine", "PyTorch")))
        .hasMessageStartingWith("anpr.engine ");
    assertThatThrownBy(() -> AnprConfig.from(new JsonObject().put("detectorInput", new JsonArray().add(600).add(384))))
        .hasMessageStartingWith("anpr.detectorInput ");
    assertThatThrownBy(() -> AnprConfig.from(new JsonObject().put("detectThreshold", 1.5)))
        .hasMessageStartingWith("anpr.detectThreshold ");
    assertThatThrownBy(() -> AnprConfig.from(new JsonObject().put("maxPixels", "lots")))
        .hasMessageStartingWith("anpr.maxPixels ");
    assertThatThrownBy(() -> AnprConfig.from(new JsonObject().put("decoder", "gdi")))
        .hasMessageStartingWith("anpr.decoder ");
  }

  @Test
  @DisplayName("The box refiner can be turned off with \"none\"; a blank model name is refused")
  void refinerOff() {
    assertThat(AnprConfig.from(new JsonObject().put("refiner", "none")).refinerModel()).isNull();
    assertThat(AnprConfig.from(new JsonObject().put("refiner", "/opt/m/refiner.onnx")).refinerModel())
        .isEqualTo("/opt/m/refiner.onnx");
    assertThatThrownBy(() -> AnprConfig.from(new JsonObject().put("refiner", " ")))
        .hasMessageStartingWith("anpr.refiner ").hasMessageContaining("none");
  }

  @Test
  @DisplayName("TensorRT can be chosen by configuration")
  void tensorRt() {
    assertThat(AnprConfig.from(new JsonObject().put("engine", "TensorRT")).engine()).isEqualTo("TensorRT");
  }
}
