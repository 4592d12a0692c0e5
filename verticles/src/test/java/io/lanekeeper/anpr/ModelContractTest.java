package io.lanekeeper.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("A model file carries its contract, and the engine refuses one that disagrees with it")
class ModelContractTest {

  private static final AnprConfig CFG = AnprConfig.defaults();

  @ParameterizedTest
  @EnumSource(ModelContract.Role.class)
  @DisplayName("each committed model carries a contract that matches the engine's constants")
  void committedModels(ModelContract.Role role) throws Exception {
    String resource = "models/" + role.key() + ".onnx";
    URL url = getClass().getClassLoader().getResource(resource);
    assertThat(url).as(resource + " on the classpath").isNotNull();
    Map<String, String> meta = ModelContract.read(Path.of(url.toURI()));
    assertThat(meta).containsEntry(ModelContract.CONTRACT, ModelContract.VERSION)
        .containsEntry(ModelContract.MODEL, role.key());
    assertThatCode(() -> ModelContract.check(role, meta, resource, CFG)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("the detector's file configured as the OCR is refused before it is loaded")
  void detectorAsOcr() throws Exception {
    Path detector = Path.of(getClass().getClassLoader().getResource("models/detector.onnx").toURI());
    assertThatThrownBy(() -> ModelContract.verify(ModelContract.Role.OCR, detector, "site/ocr.onnx", CFG))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("site/ocr.onnx (" + detector + ")")
        .hasMessageContaining(ModelContract.MODEL).hasMessageContaining("'detector'");
  }

  @Test
  @DisplayName("an OCR trained on another alphabet is refused, naming the key, the file and both values")
  void otherAlphabet() {
    Map<String, String> meta = new HashMap<>(ModelContract.expected(ModelContract.Role.OCR));
    meta.put(ModelContract.OCR_ALPHABET, "_0123456789ABCDEFGHJKLMNPRSTUVWXYZ");
    assertThatThrownBy(() -> ModelContract.check(ModelContract.Role.OCR, meta, "site/ocr-v2.onnx", CFG))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("site/ocr-v2.onnx")
        .hasMessageContaining(ModelContract.OCR_ALPHABET)
        .hasMessageContaining("'_0123456789ABCDEFGHJKLMNPRSTUVWXYZ'")
        .hasMessageContaining("'" + FormatRules.ALPHABET + "'");
  }

  @Test
  @DisplayName("row bands are compared as numbers: 0:0.57 is 0.0:0.57, and other bands are refused")
  void rowBands() {
    Map<String, String> meta = new HashMap<>(ModelContract.expected(ModelContract.Role.OCR));
    meta.put(ModelContract.OCR_ROW_BANDS, "0:0.570, 0.43:1");
    assertThatCode(() -> ModelContract.check(ModelContract.Role.OCR, meta, "ocr.onnx", CFG))
        .doesNotThrowAnyException();
    meta.put(ModelContract.OCR_ROW_BANDS, "0.0:0.6,0.4:1.0");
    assertThatThrownBy(() -> ModelContract.check(ModelContract.Role.OCR, meta, "ocr.onnx", CFG))
        .hasMessageContaining(ModelContract.OCR_ROW_BANDS).hasMessageContaining("'0.0:0.6,0.4:1.0'");
  }

  @Test
  @DisplayName("a model without a contract (exported before they were written) is accepted, unchecked")
  void withoutContract() {
    assertThatCode(() -> ModelContract.check(ModelContract.Role.OCR, Map.of(), "old/ocr.onnx", CFG))
        .doesNotThrowAnyException();
    assertThatCode(() -> ModelContract.check(ModelContract.Role.DETECTOR, Map.of("producer", "pytorch"),
        "old/detector.onnx", CFG)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("a file of another role, another contract version, or a missing key is refused")
  void wrongFile() {
    Map<String, String> detector = detector("3x384x640", "8");
    assertThatThrownBy(() -> ModelContract.check(ModelContract.Role.OCR, detector, "detector.onnx", CFG))
        .hasMessageContaining(ModelContract.MODEL).hasMessageContaining("'detector'").hasMessageContaining("'ocr'");
    Map<String, String> newer = new HashMap<>(ModelContract.expected(ModelContract.Role.REFINER));
    newer.put(ModelContract.CONTRACT, "2");
    assertThatThrownBy(() -> ModelContract.check(ModelContract.Role.REFINER, newer, "refiner.onnx", CFG))
        .hasMessageContaining(ModelContract.CONTRACT).hasMessageContaining("'2'");
    Map<String, String> partial = new HashMap<>(ModelContract.expected(ModelContract.Role.REFINER));
    partial.remove(ModelContract.REFINER_WINDOW);
    assertThatThrownBy(() -> ModelContract.check(ModelContract.Role.REFINER, partial, "refiner.onnx", CFG))
        .hasMessageContaining("no " + ModelContract.REFINER_WINDOW);
  }

  @Test
  @DisplayName("a detector is refused when its stride does not divide the configured input; another input is fine")
  void detectorInput() {
    assertThatThrownBy(() -> ModelContract.check(ModelContract.Role.DETECTOR, detector("3x384x640", "12"),
        "detector.onnx", CFG))
        .hasMessageContaining(ModelContract.DETECTOR_STRIDE).hasMessageContaining("'12'")
        .hasMessageContaining("640x384");
    assertThatThrownBy(() -> ModelContract.check(ModelContract.Role.DETECTOR, detector("1x384x640", "8"),
        "detector.onnx", CFG)).hasMessageContaining(ModelContract.DETECTOR_INPUT);
    AnprConfig large = AnprConfig.from(new JsonObject().put("detectorInput", new JsonArray().add(1280).add(736)));
    assertThatCode(() -> ModelContract.check(ModelContract.Role.DETECTOR, detector("3x384x640", "8"),
        "detector.onnx", large)).doesNotThrowAnyException();
  }

  private static Map<String, String> detector(String input, String stride) {
    Map<String, String> m = new HashMap<>(ModelContract.expected(ModelContract.Role.DETECTOR));
    m.put(ModelContract.DETECTOR_INPUT, input);
    m.put(ModelContract.DETECTOR_STRIDE, stride);
    return m;
  }
}
