package io.lanekeeper.anpr;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The ANPR engine's settings, read from the {@code anpr} object of the configuration.
 *
 * @param engine DJL engine name: {@code OnnxRuntime} (CPU) or {@code TensorRT} (NVIDIA, Jetson)
 * @param detectorModel {@code classpath:models/detector.onnx} or a file path
 * @param ocrModel {@code classpath:models/ocr.onnx} or a file path
 * @param refinerModel the box refiner, {@code classpath:models/refiner.onnx} or a file path; null ({@code "refiner":
 *     "none"}) reads the detector's boxes as they are
 * @param modelCache where classpath models are extracted (ONNX Runtime loads files only)
 * @param detectorWidth letterbox width, a multiple of 32
 * @param detectorHeight letterbox height, a multiple of 32
 * @param detectThreshold minimum heatmap score of a plate centre
 * @param nmsIou boxes overlapping a better one by more than this are dropped
 * @param maxPlates most plates read per frame
 * @param cropMargin margin added around a detected box before OCR, as a fraction of its size
 * @param tightCrop when above 0, each plate is also read from a second crop, its box narrowed by this fraction of
 *     its width on each side, and the better fitting read is kept: for sites where the detector's boxes take in
 *     the plate holder (dev-br: 0.789 to 0.816 at 0.1); it costs where boxes are right (synthetic scenes: 0.837
 *     to 0.824), so it is off by default
 * @param readDetectorBox when the refiner moved a box, also read the crop of the detector's own box and keep the
 *     better fitting read (one more OCR crop per plate)
 * @param smoothedRead when above 0, each plate is also read from a copy of its crop smoothed by a Gaussian of this
 *     sigma, in pixels of the 192x64 OCR input, and the better fitting read is kept: the OCR learned from crops
 *     softened by upscaling and blur, and a crop cut sharp from a large, well-lit plate can read worse than the
 *     same crop softened (one more OCR crop per plate; {@code models/ocr.md}). Off by default since the OCR of
 *     2026-12-06 (v2, phase 7, wider last stages), which reads no better with it (suite macro 0.8626 with it,
 *     0.8619 without; the OCR before it 0.8561 and 0.8571): the crop it saves pays for the wider network
 * @param invertedRead when above 0, each plate is also read from its crop with light and dark swapped, that
 *     line's readings weighed by this factor (0..1) against the other crops', and the better fitting read is
 *     kept: plates of light characters on a dark ground (Argentina before 2016, Malaysia, Indonesia, many older
 *     plates) under a grey or infrared camera (one more OCR crop per plate; {@code models/ocr.md})
 * @param moreCropsBelow a plate's crops beyond its own (the detector's box, the tight, smoothed and inverted crops)
 *     are read only when the reading of its own crop under the lane's format rules is less sure than this (the
 *     product of its characters' confidences); 1 reads them for every plate, in one batch with the own crops
 * @param weakBoxBelow a plate whose box the detector scores below this is reported only when its reading fits a
 *     known format and is at least {@code weakBoxMinConfidence} sure: the detector's weak boxes are mostly text that
 *     is not a plate (a car's badge, a sticker, a sign, a pavement's texture), read as one; 0 turns it off
 *     ({@code docs/benchmarks.md}, "False reads")
 * @param weakBoxMinConfidence how sure (the product of its characters' confidences) the reading of a weak box must be
 * @param secondReader the folder of PP-OCRv4's recognition model ({@code scripts/teacher}), an optional second
 *     reader of doubtful plates ({@link TeacherReader}); null (the default, or {@code "none"}): off. Not our model and
 *     about 15 ms a crop: {@code models/ocr.md} says what it adds on the suite and what it costs
 * @param secondReaderBelow the second reader reads a plate whose reading is less sure than this (or that has none)
 * @param secondReaderMin its reading replaces the engine's when it is a known format as read and its least sure
 *     character is at least this sure; the reading's characters then stay below every lane's read floor
 *     ({@code DjlPlateRecognizer.SECOND_READER_CHAR_CONFIDENCE}): shown and kept, never opening a gate by itself
 * @param maxImageBytes encoded images larger than this are refused
 * @param maxPixels images with more pixels than this are refused from their header, before decoding
 * @param minCharConfidence a look-alike correction is refused when the corrected character is less probable
 * @param decoder {@code auto} (TurboJPEG when libturbojpeg loads, else OpenCV), {@code turbojpeg}, {@code opencv}
 *     or {@code imageio}
 * @param threads intra-op threads of each inference session and OpenCV
 * @param cropJpegQuality JPEG quality of the crop kept for the event log
 * @param offline forbid DJL from downloading anything (engines, natives, models)
 */
public record AnprConfig(String engine, String detectorModel, String ocrModel, String refinerModel, Path modelCache,
                         int detectorWidth, int detectorHeight, double detectThreshold, double nmsIou,
                         int maxPlates, double cropMargin, double tightCrop, boolean readDetectorBox,
                         double smoothedRead, double invertedRead, double moreCropsBelow, double weakBoxBelow,
                         double weakBoxMinConfidence, long maxImageBytes,
                         long maxPixels,
                         double minCharConfidence, String decoder, int threads, int cropJpegQuality,
                         boolean offline, Path secondReader, double secondReaderBelow, double secondReaderMin) {

  public static final String ONNX_RUNTIME = "OnnxRuntime";
  public static final String TENSOR_RT = "TensorRT";
  public static final String AUTO = "auto";
  public static final String TURBOJPEG = "turbojpeg";
  public static final String OPENCV = "opencv";
  public static final String IMAGEIO = "imageio";
  /** {@link #weakBoxBelow()} unless configured: chosen on frames the suite does not hold (docs/benchmarks.md). */
  public static final double DEFAULT_WEAK_BOX_BELOW = 0.35;
  /** {@link #weakBoxMinConfidence()} unless configured. */
  public static final double DEFAULT_WEAK_BOX_MIN_CONFIDENCE = 0.9;

  public static AnprConfig defaults() {
    return from(new JsonObject());
  }

  public static AnprConfig from(JsonObject j) {
    String engine = j.getString("engine", ONNX_RUNTIME);
    if (!engine.equals(ONNX_RUNTIME) && !engine.equals(TENSOR_RT)) {
      throw bad("engine", "must be " + ONNX_RUNTIME + " or " + TENSOR_RT + ", got '" + engine + "'");
    }
    String detector = modelLocation(j, "detector", "classpath:models/detector.onnx");
    String ocr = modelLocation(j, "ocr", "classpath:models/ocr.onnx");
    String refiner = "none".equals(j.getValue("refiner")) ? null
        : modelLocation(j, "refiner", "classpath:models/refiner.onnx");
    Path cache = Path.of(j.getString("modelCache",
        Path.of(System.getProperty("java.io.tmpdir"), "lanekeeper-models").toString()));

    JsonArray input = j.getJsonArray("detectorInput", new JsonArray().add(640).add(384));
    if (input.size() != 2) {
      throw bad("detectorInput", "must be [width, height], got " + input.encode());
    }
    int w = input.getInteger(0);
    int h = input.getInteger(1);
    if (w < 32 || h < 32 || w % 32 != 0 || h % 32 != 0) {
      throw bad("detectorInput", "width and height must be positive multiples of 32, got " + input.encode());
    }
    String decoder = j.getString("decoder", AUTO).toLowerCase(Locale.ROOT);
    if (!List.of(AUTO, TURBOJPEG, OPENCV, IMAGEIO).contains(decoder)) {
      throw bad("decoder", "must be " + AUTO + ", " + TURBOJPEG + ", " + OPENCV + " or " + IMAGEIO + ", got '"
          + decoder + "'");
    }
    return new AnprConfig(engine, detector, ocr, refiner, cache, w, h,
        fraction(j, "detectThreshold", 0.15),
        fraction(j, "nmsIou", 0.4),
        (int) range(j, "maxPlates", 5, 1, 100),
        range(j, "cropMargin", 0.08, 0, 1),
        range(j, "tightCrop", 0, 0, 0.3),
        j.getBoolean("readDetectorBox", true),
        range(j, "smoothedRead", 0.0, 0, 5),
        range(j, "invertedRead", 0.75, 0, 1),
        fraction(j, "moreCropsBelow", 0.98),
        fraction(j, "weakBoxBelow", DEFAULT_WEAK_BOX_BELOW),
        fraction(j, "weakBoxMinConfidence", DEFAULT_WEAK_BOX_MIN_CONFIDENCE),
        (long) range(j, "maxImageBytes", 15_000_000, 1_000, 500_000_000),
        (long) range(j, "maxPixels", 40_000_000, 1_000, 1_000_000_000),
        fraction(j, "minCharConfidence", 0.02),
        decoder,
        (int) range(j, "threads", 1, 1, 64),
        (int) range(j, "cropJpegQuality", 85, 10, 100),
        j.getBoolean("offline", true),
        secondReader(j),
        fraction(j, "secondReaderBelow", 0.5),
        fraction(j, "secondReaderMin", 0.9));
  }

  /** The same settings with another decoder. */
  public AnprConfig withDecoder(String d) {
    return new AnprConfig(engine, detectorModel, ocrModel, refinerModel, modelCache, detectorWidth, detectorHeight,
        detectThreshold, nmsIou, maxPlates, cropMargin, tightCrop, readDetectorBox, smoothedRead, invertedRead,
        moreCropsBelow, weakBoxBelow, weakBoxMinConfidence, maxImageBytes, maxPixels, minCharConfidence, d, threads,
        cropJpegQuality, offline,
        secondReader, secondReaderBelow, secondReaderMin);
  }

  private static Path secondReader(JsonObject j) {
    Object v = j.getValue("secondReader");
    if (v == null || "none".equals(v)) {
      return null;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      throw bad("secondReader", "must be the folder of the teacher model (scripts/teacher: data/teacher) or \"none\"");
    }
    return Path.of(s);
  }

  private static String modelLocation(JsonObject j, String key, String def) {
    String v = j.getString(key, def);
    if (v.isBlank()) {
      throw bad(key, "must name a model: classpath:models/x.onnx or a file path" + ("refiner".equals(key)
          ? ", or \"none\"" : ""));
    }
    return v;
  }

  private static double fraction(JsonObject j, String key, double def) {
    return range(j, key, def, 0, 1);
  }

  private static double range(JsonObject j, String key, double def, double min, double max) {
    Object v = j.getValue(key);
    if (v == null) {
      return def;
    }
    if (!(v instanceof Number n)) {
      throw bad(key, "must be a number, got " + v);
    }
    double d = n.doubleValue();
    if (d < min || d > max) {
      throw bad(key, "must be between " + fmt(min) + " and " + fmt(max) + ", got " + fmt(d));
    }
    return d;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static IllegalArgumentException bad(String key, String why) {
    return new IllegalArgumentException("anpr." + key + " " + why);
  }
}
