package io.lanekeeper.anpr;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a model file and this engine must agree on (alphabet, row bands, input sizes, the detector's stride and
 * letterbox), as the export writes it into the ONNX file's {@code metadata_props} ({@code
 * models/training/contract.py}). Checked at load, before the engine runs a model whose outputs it would misread
 * without any error: a model trained on another alphabet still returns 37 probabilities a column. A file without
 * the keys (exported before they were written) is accepted with a warning, as it cannot be checked.
 */
final class ModelContract {

  /** The contract version this engine reads; a file of another version is refused. */
  static final String VERSION = "1";
  static final String CONTRACT = "lanekeeper.contract";
  static final String MODEL = "lanekeeper.model";
  static final String OCR_INPUT = "lanekeeper.ocr.input";
  static final String OCR_ALPHABET = "lanekeeper.ocr.alphabet";
  static final String OCR_BLANK = "lanekeeper.ocr.blank_index";
  static final String OCR_ROW_BANDS = "lanekeeper.ocr.row_bands";
  static final String DETECTOR_INPUT = "lanekeeper.detector.input";
  static final String DETECTOR_STRIDE = "lanekeeper.detector.stride";
  static final String DETECTOR_PAD = "lanekeeper.detector.pad";
  static final String REFINER_INPUT = "lanekeeper.refiner.input";
  static final String REFINER_WINDOW = "lanekeeper.refiner.window";

  /** Keys whose values are compared as numbers, so that {@code 1} and {@code 1.0} agree. */
  private static final Set<String> NUMERIC = Set.of(OCR_ROW_BANDS, DETECTOR_PAD, REFINER_WINDOW);
  private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private static final Logger LOG = LoggerFactory.getLogger(ModelContract.class);

  enum Role {
    DETECTOR, OCR, REFINER;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private ModelContract() {
  }

  /**
   * Reads a model file's metadata and refuses it when its contract disagrees with this engine.
   *
   * @param location the model as configured ({@code classpath:models/ocr.onnx} or a path), named in messages
   */
  static void verify(Role role, Path file, String location, AnprConfig cfg) throws IOException {
    String name = file.toString().equals(location) ? location : location + " (" + file + ")";
    check(role, read(file), name, cfg);
  }

  /**
   * The {@code metadata_props} of an ONNX file. Read by ONNX Runtime whatever the engine, so that TensorRT gates
   * check their models too; the session opened for it is small (no graph optimisation) and closed at once.
   */
  static Map<String, String> read(Path file) throws IOException {
    // DJL's engine makes the process's one ONNX Runtime environment, with its own thread settings, and cannot
    // start once another exists: let it make it, then share it
    Engine.getEngine(AnprConfig.ONNX_RUNTIME);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      opts.setIntraOpNumThreads(1);
      try (OrtSession s = env.createSession(file.toString(), opts)) {
        return s.getMetadata().getCustomMetadata();
      }
    } catch (OrtException e) {
      throw new IOException("model " + file + " could not be opened to read its contract: " + e.getMessage(), e);
    }
  }

  /**
   * The values this engine expects of a model of the role, by key, from the constants the Java side works with.
   * The detector's input size and stride are not here: the input is configurable ({@code anpr.detectorInput}),
   * so they are checked against the configuration instead.
   */
  static Map<String, String> expected(Role role) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(CONTRACT, VERSION);
    m.put(MODEL, role.key());
    switch (role) {
      case OCR -> {
        m.put(OCR_INPUT, shape(1, OcrTranslator.HEIGHT, OcrTranslator.WIDTH));
        m.put(OCR_ALPHABET, FormatRules.ALPHABET);
        m.put(OCR_BLANK, Integer.toString(CtcDecoder.BLANK));
        List<String> bands = new ArrayList<>();
        for (double[] b : DjlPlateRecognizer.ROW_BANDS) {
          bands.add(b[0] + ":" + b[1]);
        }
        m.put(OCR_ROW_BANDS, String.join(",", bands));
      }
      case DETECTOR -> m.put(DETECTOR_PAD, Float.toString(DetectorTranslator.PAD));
      case REFINER -> {
        m.put(REFINER_INPUT, shape(1, RefinerTranslator.HEIGHT, RefinerTranslator.WIDTH));
        m.put(REFINER_WINDOW, RefinerTranslator.WINDOW_X + "x" + RefinerTranslator.WINDOW_Y);
      }
      default -> throw new IllegalArgumentException(role.toString());
    }
    return m;
  }

  /**
   * Refuses a model whose metadata disagrees with {@link #expected(Role)} or, for the detector, with the configured
   * input; accepts, with a warning, one that carries no contract at all.
   *
   * @param file the model as named in messages
   * @throws IOException naming the key, the file and both values
   */
  static void check(Role role, Map<String, String> metadata, String file, AnprConfig cfg) throws IOException {
    if (!metadata.containsKey(CONTRACT)) {
      LOG.warn("model {} carries no {} metadata (exported before models carried their contract): whether its "
          + "alphabet, input size and the like match this engine cannot be checked", file, CONTRACT);
      return;
    }
    for (Map.Entry<String, String> e : expected(role).entrySet()) {
      String key = e.getKey();
      String got = present(metadata, key, file);
      boolean same = NUMERIC.contains(key) ? sameNumbers(got, e.getValue()) : got.equals(e.getValue());
      if (!same) {
        throw disagree(file, key, got, "the engine expects '" + e.getValue() + "'");
      }
    }
    if (role == Role.DETECTOR) {
      checkDetectorInput(metadata, file, cfg);
    }
  }

  private static void checkDetectorInput(Map<String, String> metadata, String file, AnprConfig cfg)
      throws IOException {
    String input = present(metadata, DETECTOR_INPUT, file);
    int[] dims = dims(input);
    if (dims.length != 3 || dims[0] != 3) {
      throw disagree(file, DETECTOR_INPUT, input, "the engine expects 3xHxW (RGB)");
    }
    String stride = present(metadata, DETECTOR_STRIDE, file);
    int s = dims(stride).length == 1 ? dims(stride)[0] : 0;
    if (s < 1 || cfg.detectorWidth() % s != 0 || cfg.detectorHeight() % s != 0) {
      throw disagree(file, DETECTOR_STRIDE, stride, "the engine expects a stride that divides anpr.detectorInput "
          + cfg.detectorWidth() + "x" + cfg.detectorHeight());
    }
    if (dims[1] != cfg.detectorHeight() || dims[2] != cfg.detectorWidth()) {
      // another letterbox is a site's choice (far plates want more pixels), not an error
      LOG.info("model {} was validated at a {}x{} letterbox ({} {}); anpr.detectorInput is {}x{}", file, dims[2],
          dims[1], DETECTOR_INPUT, input, cfg.detectorWidth(), cfg.detectorHeight());
    }
  }

  private static String present(Map<String, String> metadata, String key, String file) throws IOException {
    String v = metadata.get(key);
    if (v == null) {
      throw new IOException("model " + file + " carries " + CONTRACT + " " + metadata.get(CONTRACT) + " but no " + key
          + ": re-export it, or stamp it with models/training/stamp_contract.py");
    }
    return v;
  }

  private static IOException disagree(String file, String key, String got, String want) {
    return new IOException("model " + file + " disagrees with this engine on " + key + ": the file says '" + got
        + "', " + want);
  }

  private static String shape(int... dims) {
    StringBuilder sb = new StringBuilder();
    for (int d : dims) {
      sb.append(sb.isEmpty() ? "" : "x").append(d);
    }
    return sb.toString();
  }

  private static int[] dims(String shape) {
    try {
      return Arrays.stream(shape.split("x")).mapToInt(d -> Integer.parseInt(d.trim())).toArray();
    } catch (NumberFormatException e) {
      return new int[0];
    }
  }

  /** The same numbers between the same separators (spaces aside): {@code 0:0.57} and {@code 0.0:0.570} agree. */
  static boolean sameNumbers(String a, String b) {
    List<Double> na = new ArrayList<>();
    List<Double> nb = new ArrayList<>();
    String sa = numbers(a.replace(" ", ""), na);
    String sb = numbers(b.replace(" ", ""), nb);
    return sa.equals(sb) && na.equals(nb);
  }

  private static String numbers(String s, List<Double> out) {
    Matcher m = NUMBER.matcher(s);
    StringBuilder rest = new StringBuilder();
    while (m.find()) {
      out.add(Double.parseDouble(m.group()));
      m.appendReplacement(rest, "#");
    }
    m.appendTail(rest);
    return rest.toString();
  }
}
