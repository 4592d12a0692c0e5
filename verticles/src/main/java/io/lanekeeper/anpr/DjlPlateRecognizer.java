package io.lanekeeper.anpr;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.lanekeeper.anpr.codec.DecodedImage;
import io.lanekeeper.anpr.codec.ImageCodec;
import io.lanekeeper.anpr.codec.ImageCodecs;
import io.lanekeeper.anpr.codec.ImageHeader;
import io.lanekeeper.bus.Box;
import io.lanekeeper.bus.PlateArea;
import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateProfiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ANPR engine on DJL: {@code detector.onnx} finds plates in the frame, {@code refiner.onnx} puts each box on
 * the plate's own edges (all boxes of a frame in one batch), {@code ocr.onnx} reads the crops of a frame in a batch
 * (each plate's refined box, the detector's box when the refiner moved it, a smoothed copy of the first,
 * {@link AnprConfig#smoothedRead()}, and an inverted one, {@link AnprConfig#invertedRead()}; by default the plates'
 * own crops first and the others in a second batch, only for the plates whose own crop did not read sure,
 * {@link AnprConfig#moreCropsBelow()}), {@link FormatRules} keeps the best reading that fits the lane's formats. An
 * optional second reader ({@link AnprConfig#secondReader()}) reads the doubtful plates again, its time counted in
 * the OCR stage's. Each model is loaded once; each calling thread gets its own predictors, all closed by
 * {@link #close()}.
 *
 * <p>Closing while other threads read (a shutdown whose workers did not stop in time) is safe: a read that has begun
 * finishes on open models, one that begins after is refused ("the ANPR engine is closed"), and {@link #close()}
 * waits up to {@link #CLOSE_WAIT_SECONDS} for the reads in progress before it frees the native sessions. A read
 * still running then keeps them: closing them under it could crash the process.
 */
public final class DjlPlateRecognizer implements PlateRecognizer {

  /**
   * The row bands of a two-row plate's crop (fractions of its height, overlapping in the middle), each read as a
   * line; the OCR was trained on the same bands, which its file names ({@link ModelContract#OCR_ROW_BANDS}).
   */
  static final double[][] ROW_BANDS = {{0.0, 0.57}, {0.43, 1.0}};

  private static final Logger LOG = LoggerFactory.getLogger(DjlPlateRecognizer.class);
  static final long CLOSE_WAIT_SECONDS = 10;

  private final AnprConfig cfg;
  private final ImageCodec codec;
  private final ZooModel<DecodedImage, List<Detection>> detector;
  private final ZooModel<float[][], float[][][]> ocr;
  private final ZooModel<float[][], float[][]> refiner;   // null: the detector's boxes as they are
  private final GaussianSmoothing smoothing;   // null: no smoothed read
  private final TeacherReader second;   // null: no second reader (the default)
  private final Map<Thread, Predictors> predictors = new ConcurrentHashMap<>();
  private final Map<LaneFormats, FormatRules> rulesByLane = new ConcurrentHashMap<>();
  private final List<PlateProfile> knownFormats;
  private final String detectorFile;
  private final String ocrFile;
  private final String refinerFile;
  private volatile boolean warm;
  private volatile boolean closed;
  /** Reads hold it shared; {@link #close()} takes it alone, so it never frees a model that a read is using. */
  private final ReentrantReadWriteLock life = new ReentrantReadWriteLock();

  private record Predictors(Predictor<DecodedImage, List<Detection>> detect, Predictor<float[][], float[][][]> read,
                            Predictor<float[][], float[][]> refine) {
    void close() {
      detect.close();
      read.close();
      if (refine != null) {
        refine.close();
      }
    }
  }

  /**
   * Loads the models.
   *
   * @throws IOException when a model is missing, its contract disagrees with this engine ({@link ModelContract}),
   *     or the engine cannot load it
   */
  public DjlPlateRecognizer(AnprConfig cfg) throws IOException {
    this(cfg, builtInFormats());
  }

  /** As {@link #DjlPlateRecognizer(AnprConfig)} with the known formats given (tests, tools). */
  public DjlPlateRecognizer(AnprConfig cfg, List<PlateProfile> knownFormats) throws IOException {
    DjlEnvironment.prepare(cfg);
    this.cfg = cfg;
    this.smoothing = cfg.smoothedRead() > 0 ? new GaussianSmoothing(cfg.smoothedRead()) : null;
    this.knownFormats = List.copyOf(knownFormats);
    this.codec = ImageCodecs.create(cfg.decoder(), cfg.threads());
    Path det = ModelFiles.resolve(cfg.detectorModel(), cfg.modelCache());
    Path rec = ModelFiles.resolve(cfg.ocrModel(), cfg.modelCache());
    this.detectorFile = det.getFileName().toString();
    this.ocrFile = rec.getFileName().toString();
    Path ref = cfg.refinerModel() == null ? null : ModelFiles.resolve(cfg.refinerModel(), cfg.modelCache());
    this.refinerFile = ref == null ? null : ref.getFileName().toString();
    ModelContract.verify(ModelContract.Role.DETECTOR, det, cfg.detectorModel(), cfg);
    ModelContract.verify(ModelContract.Role.OCR, rec, cfg.ocrModel(), cfg);
    if (ref != null) {
      ModelContract.verify(ModelContract.Role.REFINER, ref, cfg.refinerModel(), cfg);
    }
    this.detector = load(det, DecodedImage.class, castList(), new DetectorTranslator(cfg));
    ZooModel<float[][], float[][][]> o = null;
    ZooModel<float[][], float[][]> f = null;
    try {
      o = load(rec, float[][].class, float[][][].class, new OcrTranslator());
      f = ref == null ? null : load(ref, float[][].class, float[][].class, new RefinerTranslator());
      this.second = cfg.secondReader() == null ? null : new TeacherReader(cfg.secondReader());
    } catch (IOException | RuntimeException e) {
      if (o != null) {
        o.close();
      }
      if (f != null) {
        f.close();
      }
      detector.close();
      throw e;
    }
    this.refiner = f;
    this.ocr = o;
    LOG.info("ANPR engine ready: {}", describe());
  }

  /** True when the configured models can be found (tests skip themselves otherwise). */
  public static boolean modelsAvailable(AnprConfig cfg) {
    return ModelFiles.onClasspath(cfg.detectorModel()) && ModelFiles.onClasspath(cfg.ocrModel())
        && (cfg.refinerModel() == null || ModelFiles.onClasspath(cfg.refinerModel()));
  }

  @SuppressWarnings("unchecked")
  private static Class<List<Detection>> castList() {
    return (Class<List<Detection>>) (Class<?>) List.class;
  }

  private <I, O> ZooModel<I, O> load(Path file, Class<I> in, Class<O> out, ai.djl.translate.Translator<I, O> t)
      throws IOException {
    Criteria.Builder<I, O> b = Criteria.builder().setTypes(in, out)
        .optModelPath(file)
        .optEngine(cfg.engine())
        .optTranslator(t);
    if (AnprConfig.ONNX_RUNTIME.equals(cfg.engine())) {
      b.optOption("intraOpNumThreads", Integer.toString(cfg.threads()))
          .optOption("interOpNumThreads", "1");
    }
    try {
      return b.build().loadModel();
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new IOException("model " + file + " could not be loaded by " + cfg.engine() + ": " + e.getMessage(), e);
    }
  }

  private static List<PlateProfile> builtInFormats() {
    if (DjlPlateRecognizer.class.getClassLoader().getResource("plates/index.json") == null) {
      LOG.warn("no built-in plate formats (plates/index.json is missing); lanes without formats accept free "
          + "reads only");
      return List.of();
    }
    return List.copyOf(PlateProfiles.builtIn().all());
  }

  /** Runs one blank frame through the models so that the first real frame is not slowed by lazy setup. */
  public void warmUp() {
    Lock using = use();
    try (DecodedImage blank = new BlankImage(cfg.detectorWidth(), cfg.detectorHeight())) {
      Predictors p = predictors();
      p.detect().predict(blank);
      p.read().predict(new float[][] {new float[OcrTranslator.WIDTH * OcrTranslator.HEIGHT]});
      if (p.refine() != null) {
        p.refine().predict(new float[][] {new float[RefinerTranslator.WIDTH * RefinerTranslator.HEIGHT]});
      }
      warm = true;
    } catch (TranslateException e) {
      throw new IllegalStateException("warm-up failed: " + e.getMessage(), e);
    } finally {
      using.unlock();
    }
  }

  /**
   * Begins a use of the models: refused once {@link #close()} has begun. The caller unlocks what it returns when
   * done.
   */
  private Lock use() {
    Lock l = life.readLock();
    // tryLock: a read never waits for a close, it is refused by it
    if (closed || !l.tryLock()) {
      throw new IllegalStateException("the ANPR engine is closed");
    }
    if (closed) {
      l.unlock();
      throw new IllegalStateException("the ANPR engine is closed");
    }
    return l;
  }

  @Override
  public List<RecognizedPlate> recognize(byte[] encodedImage, List<String> formats, boolean strictFormats,
                                         int minLength, PlateArea area) throws ImageRejectedException {
    StageTimes t = new StageTimes();
    return runModes(encodedImage, List.of(rulesFor(formats, strictFormats, minLength)), t, detecting(area, t))
        .getFirst();
  }

  /** As {@link #recognize(byte[], List)}, recording where the time went. */
  public List<RecognizedPlate> recognize(byte[] encodedImage, List<String> formats, StageTimes times)
      throws ImageRejectedException {
    return recognize(encodedImage, formats, PlateArea.ALL, times);
  }

  private List<RecognizedPlate> recognize(byte[] encodedImage, List<String> formats, PlateArea area,
                                          StageTimes times) throws ImageRejectedException {
    return run(encodedImage, formats, times, detecting(area, times));
  }

  /** The detector's plates within the lane's area, refined. */
  private PlateFinder detecting(PlateArea area, StageTimes times) {
    return (p, img) -> {
      long t1 = System.nanoTime();
      // plates outside the lane's area are dropped before they cost a refinement or a read
      List<Detection> found = p.detect().predict(img).stream()
          .filter(d -> area.keeps(d.box(), img.width(), img.height())).toList();
      long t2 = System.nanoTime();
      times.detectNs = t2 - t1;
      List<Detection> refined = refine(p, img, found);
      times.refineNs = System.nanoTime() - t2;
      return new Located(refined, refined == found ? null : found.stream().map(Detection::box).toList());
    };
  }

  /**
   * Reads plates in given regions of a frame, without the detector: the OCR's accuracy on boxes known to hold a
   * plate (annotations), apart from the detector's misses and loose boxes. Each region counts as a detection of
   * score 1.
   */
  public List<RecognizedPlate> readRegions(byte[] encodedImage, List<Box> regions, List<String> formats,
                                           StageTimes times) throws ImageRejectedException {
    return run(encodedImage, formats, times, given(regions));
  }

  /** The caller's boxes, clipped to the frame, as detections of score 1. */
  private static PlateFinder given(List<Box> regions) {
    return (p, img) -> {
      List<Detection> given = new ArrayList<>();
      for (Box b : regions) {
        int x0 = Math.max(0, b.x());
        int y0 = Math.max(0, b.y());
        int x1 = Math.min(img.width(), b.x() + b.w());
        int y1 = Math.min(img.height(), b.y() + b.h());
        if (x1 > x0 && y1 > y0) {
          given.add(new Detection(new Box(x0, y0, x1 - x0, y1 - y0), 1f));
        }
      }
      return new Located(given, null);
    };
  }

  /**
   * The detector's boxes put on the plates' own edges by the refiner, all in one batch. A box the refiner cannot
   * place (no box, or one overlapping the detector's by less than {@link #MIN_REFINED_IOU}) is kept as the
   * detector gave it.
   */
  private List<Detection> refine(Predictors p, DecodedImage img, List<Detection> found) throws TranslateException {
    if (p.refine() == null || found.isEmpty()) {
      return found;
    }
    int n = found.size();
    Box[] windows = new Box[n];
    float[][] crops = new float[n][];
    for (int i = 0; i < n; i++) {
      windows[i] = RefinerTranslator.window(found.get(i).box(), img.width(), img.height());
      crops[i] = img.cropGrey(windows[i], RefinerTranslator.WIDTH, RefinerTranslator.HEIGHT);
    }
    float[][] edges = p.refine().predict(crops);
    List<Detection> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Detection d = found.get(i);
      Box r = RefinerTranslator.plate(windows[i], edges[i], img.width(), img.height());
      out.add(r != null && r.iou(d.box()) >= MIN_REFINED_IOU ? new Detection(r, d.score()) : d);
    }
    return out;
  }

  /** A refined box must overlap the detector's at least this much, or the detector's is kept. */
  static final double MIN_REFINED_IOU = 0.3;

  /** Where the plates of a decoded frame are: the detector, or regions given by the caller. */
  @FunctionalInterface
  private interface PlateFinder {
    Located find(Predictors p, DecodedImage img) throws TranslateException;
  }

  /**
   * The plates of a frame, and where the detector itself put each one when the refiner moved it (null: the boxes
   * are the detector's or the caller's).
   */
  private record Located(List<Detection> plates, List<Box> detectorBoxes) {
  }

  /** Checks and decodes the frame, finds the plate boxes, then crops and reads them (one or two OCR batches). */
  private List<RecognizedPlate> run(byte[] encodedImage, List<String> formats, StageTimes times, PlateFinder finder)
      throws ImageRejectedException {
    return runModes(encodedImage, List.of(rulesFor(formats)), times, finder).getFirst();
  }

  private List<List<RecognizedPlate>> runModes(byte[] encodedImage, List<FormatRules> modes, StageTimes times,
                                          PlateFinder finder) throws ImageRejectedException {
    Lock using = use();
    long t0 = System.nanoTime();
    try (DecodedImage img = codec.decode(encodedImage,
        ImageHeader.check(encodedImage, cfg.maxImageBytes(), cfg.maxPixels()))) {
      times.decodeNs = System.nanoTime() - t0;
      Predictors p = predictors();
      Located where = finder.find(p, img);
      return read(p, img, where.plates(), where.detectorBoxes(), modes, times, t0);
    } catch (TranslateException e) {
      throw new IllegalStateException("inference failed: " + e.getMessage(), e);
    } finally {
      using.unlock();
    }
  }

  /**
   * Finds (or, with {@code regions}, takes) the plates of one frame and reads them once, then applies each of
   * several lanes' format rules to the same OCR output: what the evaluation suite compares (default rules, free
   * reads, a country hint) at the cost of one read. Element {@code i} of the result is what {@code modes[i]}
   * keeps, as a lane of that mode alone would read it: a box's other crops ({@link AnprConfig#moreCropsBelow()})
   * are read when some mode is not sure of its own crop, and only the modes not sure of it take them; its row bands
   * are read when some mode reads rows ({@link FormatRules#readsRows}), and only those modes take them. {@code times}
   * are those of the shared reading (every mode's first look at the own crops, every crop read) and the first
   * mode's format rules.
   *
   * @param regions the plates' boxes when known (the detector is skipped), or null to detect them
   */
  public List<List<RecognizedPlate>> recognizeModes(byte[] encodedImage, List<FormatRules> modes, List<Box> regions,
                                                    StageTimes times) throws ImageRejectedException {
    if (modes.isEmpty()) {
      throw new IllegalArgumentException("no format rules to apply");
    }
    return runModes(encodedImage, modes, times, regions == null ? detecting(PlateArea.ALL, times) : given(regions));
  }

  /** Free reads only, no format: what the OCR reads with the format rules off. */
  public FormatRules freeReadRules() {
    return freeReadRules(FormatRules.DEFAULT_MIN_LENGTH);
  }

  /** As {@link #freeReadRules()} from {@code minLength} characters (a lane's {@code read.minLength}). */
  public FormatRules freeReadRules(int minLength) {
    return new FormatRules(List.of(), true, cfg.minCharConfidence(), FormatRules.DEFAULT_PRIOR, minLength);
  }

  private List<List<RecognizedPlate>> read(Predictors p, DecodedImage img, List<Detection> found,
                                           List<Box> detectorBoxes, List<FormatRules> modes, StageTimes times,
                                           long t0) throws TranslateException {
    long t2 = System.nanoTime();
    times.boxes = found.size();
    times.ownCropOnly = 0;
    times.detections = List.copyOf(found);
    if (found.isEmpty()) {
      times.totalNs = t2 - t0;
      return modes.stream().map(m -> List.<RecognizedPlate>of()).toList();
    }
    int n = found.size();
    List<float[]> crops = new ArrayList<>(n);
    Box[] regions = new Box[n];
    int[] rowCrops = new int[n];   // index of the plate's top-row crop in the batch, or -1
    for (int i = 0; i < n; i++) {   // crop i is plate i's; its row bands and the other crops follow all of them
      regions[i] = withMargin(found.get(i).box());
      crops.add(img.cropGreyPadded(regions[i], OcrTranslator.WIDTH, OcrTranslator.HEIGHT));
    }
    for (int i = 0; i < n; i++) {
      double a = aspect(found.get(i).box());
      rowCrops[i] = modes.stream().anyMatch(m -> m.readsRows(a)) ? crops.size() : -1;
      if (rowCrops[i] >= 0) {
        for (double[] band : ROW_BANDS) {
          crops.add(img.cropGreyPadded(band(regions[i], band), OcrTranslator.WIDTH, OcrTranslator.HEIGHT));
        }
      }
    }
    // the plate's crops read as a line: its own (index i), other cuts, smoothed, inverted (the last); with
    // moreCropsBelow < 1, the others only for a plate whose own crop reads less sure than that under some mode
    int[][] lineCrops = new int[n][];
    double[][] lineWeights = new double[n][];   // their weights for the format rules (null: all 1)
    boolean cascade = cfg.moreCropsBelow() < 1;
    FirstReads first = null;
    long t3;
    long moreCropsNs = 0;
    float[][][] probs;
    if (!cascade) {
      for (int i = 0; i < n; i++) {
        addOtherCrops(i, found.get(i).box(), detectorBoxes, img, crops, lineCrops, lineWeights);
      }
      t3 = System.nanoTime();
      probs = p.read().predict(crops.toArray(new float[0][]));
    } else {
      t3 = System.nanoTime();
      float[][][] own = p.read().predict(crops.toArray(new float[0][]));
      first = new FirstReads(modes.size(), n);
      int before = crops.size();
      for (int i = 0; i < n; i++) {
        double a = aspect(found.get(i).box());
        boolean allSure = true;
        for (int m = 0; m < modes.size(); m++) {
          long r0 = System.nanoTime();
          // rows only for a mode that reads them: what a lane of this mode alone would have read
          first.lines[m][i] = modes.get(m).start(modes.get(m).readsRows(a) ? rows(own, rowCrops[i]) : null, a)
              .add(own[i], 1);
          Optional<FormatRules.Reading> r = first.lines[m][i].reading();
          first.rulesNs[m] += System.nanoTime() - r0;
          first.reads[m][i] = r;
          allSure &= sure(r);
        }
        if (allSure) {
          lineCrops[i] = new int[] {i};
          times.ownCropOnly++;
        } else {
          long c0 = System.nanoTime();
          addOtherCrops(i, found.get(i).box(), detectorBoxes, img, crops, lineCrops, lineWeights);
          moreCropsNs += System.nanoTime() - c0;
        }
      }
      probs = java.util.Arrays.copyOf(own, crops.size());
      if (crops.size() > before) {
        float[][][] more = p.read().predict(crops.subList(before, crops.size()).toArray(new float[0][]));
        System.arraycopy(more, 0, probs, before, more.length);
      }
    }
    times.ocrCrops = crops.size();
    List<List<RecognizedPlate>> out = new ArrayList<>(modes.size());
    byte[][] jpegs = new byte[n][];
    TeacherReader.Read[] secondReads = new TeacherReader.Read[n];
    long jpegNs = 0;
    long t4 = t3;
    for (int m = 0; m < modes.size(); m++) {
      FormatRules rules = modes.get(m);
      long rulesNs = first == null ? 0 : first.rulesNs[m];
      List<RecognizedPlate> plates = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Box box = found.get(i).box();
        Optional<FormatRules.Reading> r;
        if (first != null && sure(first.reads[m][i])) {   // as a lane of this mode alone: no other crop read
          r = first.reads[m][i];
        } else {   // every line of the plate, or the others added to the own crop's: as if all were read at once
          long r0 = System.nanoTime();
          FormatRules.Lines lines = first != null ? first.lines[m][i]
              : rules.start(rules.readsRows(aspect(box)) ? rows(probs, rowCrops[i]) : null, aspect(box));
          for (int k = first != null ? 1 : 0; k < lineCrops[i].length; k++) {
            lines.add(probs[lineCrops[i][k]], lineWeights[i] == null ? 1 : lineWeights[i][k]);
          }
          r = lines.reading();
          rulesNs += System.nanoTime() - r0;
        }
        boolean doubtful = second != null && (r.isEmpty() || r.get().confidence() < cfg.secondReaderBelow());
        if (r.isEmpty() && !doubtful) {
          continue;
        }
        if (!doubtful && !readsAsPlate(found.get(i), r.get(), rules)) {
          continue;   // a weak box read as no sure plate (mostly a badge, a sticker or a sign): no crop cut for it
        }
        if (jpegs[i] == null) {
          long j0 = System.nanoTime();
          jpegs[i] = img.cropJpeg(inFrame(regions[i], img.width(), img.height()), cfg.cropJpegQuality());
          jpegNs += System.nanoTime() - j0;
        }
        if (doubtful) {
          if (secondReads[i] == null) {
            secondReads[i] = secondRead(jpegs[i]);
          }
          r = secondOpinion(r, secondReads[i], rules, aspect(box), cfg.secondReaderMin());
          if (r.isEmpty()) {
            continue;
          }
        }
        FormatRules.Reading reading = r.get();
        Detection d = found.get(i);
        if (doubtful && !readsAsPlate(d, reading, rules)) {
          continue;   // as above, for the reading the second reader gave or left (the others were judged above)
        }
        plates.add(new RecognizedPlate(reading.text(), reading.confidence(), reading.charConfidences(),
            reading.format(), d.box(), d.score(), jpegs[i]));
      }
      plates.sort(Comparator.comparingDouble((RecognizedPlate x) -> x.confidence() * x.detectionScore())
          .reversed());
      if (out.isEmpty()) {   // the times are the first mode's: what a lane would spend
        t4 = System.nanoTime();
        times.cropNs = t3 - t2 + jpegNs + moreCropsNs;
        times.ocrNs = t4 - t3 - jpegNs - moreCropsNs;
        times.totalNs = t4 - t0;
        times.rulesNs = rulesNs;
        times.plates = plates.size();
      }
      out.add(plates);
    }
    return out;
  }

  /** A plate's top and bottom row bands as the OCR read them (the first at {@code at}), or null ({@code at} -1). */
  private static float[][][] rows(float[][][] probs, int at) {
    return at < 0 ? null : new float[][][] {probs[at], probs[at + 1]};
  }

  /**
   * Whether a box's reading is reported: always for a box the detector is sure of, and for a weak one ({@code
   * anpr.weakBoxBelow}) only when the reading is sure ({@code anpr.weakBoxMinConfidence}) and a known format (where
   * the rules know formats: with the format rules off, sure is enough). The box itself stays among the frame's
   * detections.
   */
  private boolean readsAsPlate(Detection d, FormatRules.Reading reading, FormatRules rules) {
    return d.score() >= cfg.weakBoxBelow() || reading.confidence() >= cfg.weakBoxMinConfidence()
        && (reading.format() != null || !rules.hasFormats());
  }

  /** Whether a reading of a plate's own crop is sure enough that its other crops are not read. */
  private boolean sure(Optional<FormatRules.Reading> r) {
    return r.isPresent() && r.get().confidence() >= cfg.moreCropsBelow();
  }

  /**
   * Each mode's reading of each plate from its own crop (and row bands) alone, the state it was read from (to which
   * the other crops' lines are added when it is not sure), and the rules' time on them.
   */
  private static final class FirstReads {
    final Optional<FormatRules.Reading>[][] reads;
    final FormatRules.Lines[][] lines;
    final long[] rulesNs;

    @SuppressWarnings("unchecked")
    FirstReads(int modes, int plates) {
      reads = new Optional[modes][plates];
      lines = new FormatRules.Lines[modes][plates];
      rulesNs = new long[modes];
    }
  }

  /**
   * Adds plate {@code i}'s other crops to the batch (the detector's cut and the tight one, {@link #otherCuts}, the
   * smoothed crop, the inverted crop last) and records which crops it reads as a line, with their weights.
   */
  private void addOtherCrops(int i, Box box, List<Box> detectorBoxes, DecodedImage img, List<float[]> crops,
                             int[][] lineCrops, double[][] lineWeights) {
    List<Box> cuts = otherCuts(box, detectorBoxes == null ? null : detectorBoxes.get(i), img);
    lineCrops[i] = new int[1 + cuts.size() + (smoothing != null ? 1 : 0) + (cfg.invertedRead() > 0 ? 1 : 0)];
    int k = 0;
    lineCrops[i][k++] = i;
    for (Box cut : cuts) {
      lineCrops[i][k++] = crops.size();
      crops.add(img.cropGreyPadded(cut, OcrTranslator.WIDTH, OcrTranslator.HEIGHT));
    }
    if (smoothing != null) {   // the plate's own crop, softened as the OCR's training crops were
      lineCrops[i][k++] = crops.size();
      crops.add(smoothing.apply(crops.get(i), OcrTranslator.WIDTH, OcrTranslator.HEIGHT));
    }
    if (cfg.invertedRead() > 0) {   // light characters on a dark ground, as the dark on light the OCR knows best
      lineCrops[i][lineCrops[i].length - 1] = crops.size();
      crops.add(inverted(crops.get(i)));
    }
    lineWeights[i] = lineWeights(lineCrops[i].length, cfg.invertedRead());
  }

  /**
   * The format rules of a lane. Without formats: every known format, and free reads. With formats (profile ids,
   * countries or regions): those formats as a prior ({@link FormatRules#HINT_PRIOR}), and free reads still, so that
   * a plate of the country that fits no profile (a vanity plate) or a visitor's foreign plate is read, as on a lane
   * without formats ({@link FormatRules#orElse}). An unknown format name is a configuration error.
   */
  public FormatRules rulesFor(List<String> formats) {
    return rulesFor(formats, false);
  }

  /**
   * As {@link #rulesFor(List)}; with {@code strict} (a lane's {@code strictFormats}) only reads that fit one of the
   * formats are kept.
   */
  public FormatRules rulesFor(List<String> formats, boolean strict) {
    return rulesFor(formats, strict, FormatRules.DEFAULT_MIN_LENGTH);
  }

  /**
   * As {@link #rulesFor(List, boolean)} for a lane whose plates have at least {@code minLength} characters (its
   * {@code read.minLength}): shorter format variants and free reads are read only where the lane allows them.
   */
  public FormatRules rulesFor(List<String> formats, boolean strict, int minLength) {
    // a lane may ask for more characters than the OCR reads (read.minLength up to 12): its floor refuses every read
    int shortest = Math.clamp(minLength, 1, FormatRules.SLOTS);
    List<String> names = formats == null ? List.of() : List.copyOf(formats);
    // without formats there is nothing to be strict about: every lane without formats shares one set of rules
    FormatRules unhinted = rulesByLane.computeIfAbsent(new LaneFormats(List.of(), false, shortest),
        k -> new FormatRules(knownFormats, true, cfg.minCharConfidence(), FormatRules.DEFAULT_PRIOR, k.minLength()));
    if (names.isEmpty()) {
      return unhinted;
    }
    // a hint adds and never removes: what no hinted format wins is read as on a lane without the hint
    return rulesByLane.computeIfAbsent(new LaneFormats(names, strict, shortest), k -> new FormatRules(
        select(k.names()), !k.strict(), cfg.minCharConfidence(), FormatRules.HINT_PRIOR, k.minLength())
        .orElse(unhinted));
  }

  /** What a lane's format rules are made of: the cache key of {@link #rulesFor(List, boolean, int)}. */
  private record LaneFormats(List<String> names, boolean strict, int minLength) {
  }

  /** The known formats a lane's names select: profile ids, countries or regions ({@link PlateProfiles#select}). */
  private List<PlateProfile> select(List<String> names) {
    List<String> ids = PlateProfiles.builtIn().select(names).stream().map(PlateProfile::id).toList();
    List<PlateProfile> out = knownFormats.stream().filter(p -> ids.contains(p.id())).toList();
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no known plate format among " + names + " (known: "
          + knownFormats.stream().map(PlateProfile::id).toList() + ")");
    }
    return out;
  }

  /**
   * Each character's confidence in a reading taken from the second reader: below every lane's read floor (the
   * default floor's 0.4 per character, and the 0.652 per character that the lowest whole-plate floor allowed, 0.05
   * over 7 characters, asks of any length), and averaged as such by the tracker's vote, so that a plate the engine
   * doubts is never decided on the second reader's word alone ({@code ReadFloor}).
   */
  static final double SECOND_READER_CHAR_CONFIDENCE = 0.3;

  /**
   * The second reader's read of a plate's crop (the JPEG kept with the event), or an empty read if it fails in
   * any way: a failing second reader never costs the frame its other plates.
   */
  private TeacherReader.Read secondRead(byte[] jpeg) {
    try {
      // read from memory, not through a temporary file; ImageIO.read closes the stream itself
      java.awt.image.BufferedImage crop = javax.imageio.ImageIO.read(
          new javax.imageio.stream.MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(jpeg)));
      return crop == null ? new TeacherReader.Read("", 0) : second.read(crop);
    } catch (IOException | RuntimeException e) {
      LOG.warn("the second reader failed: {}", e.getMessage());
      return new TeacherReader.Read("", 0);
    }
  }

  /**
   * A doubtful reading, or the second reader's where that is sure ({@link AnprConfig#secondReaderMin()}), is a known
   * format of these rules as it stands and says something else. Its characters get
   * {@link #SECOND_READER_CHAR_CONFIDENCE}, not the second reader's own confidence: the reading is shown and kept,
   * and no gate opens on it by itself.
   */
  static Optional<FormatRules.Reading> secondOpinion(Optional<FormatRules.Reading> ours, TeacherReader.Read theirs,
                                                     FormatRules rules, double aspect, double min) {
    if (theirs.confidence() < min || ours.isPresent() && ours.get().text().equals(theirs.text())) {
      return ours;
    }
    String format = rules.formatOf(theirs.text(), aspect);
    if (format == null) {
      return ours;
    }
    double[] conf = new double[theirs.text().length()];
    java.util.Arrays.fill(conf, Math.min(theirs.confidence(), SECOND_READER_CHAR_CONFIDENCE));
    double p = Math.pow(conf[0], conf.length);
    return Optional.of(new FormatRules.Reading(theirs.text(), conf, format, p, p));
  }

  /**
   * The weights of a plate's line reads: 1 each, the inverted crop's (the last) {@code invertedRead}; null (all 1)
   * when the inverted read is off.
   */
  static double[] lineWeights(int lines, double invertedRead) {
    if (!(invertedRead > 0)) {
      return null;
    }
    double[] w = new double[lines];
    java.util.Arrays.fill(w, 1);
    w[lines - 1] = invertedRead;
    return w;
  }

  /** A grey crop (0..1) with light and dark swapped. */
  static float[] inverted(float[] grey) {
    float[] out = new float[grey.length];
    for (int i = 0; i < grey.length; i++) {
      out[i] = 1f - grey[i];
    }
    return out;
  }

  private static double aspect(Box b) {
    return b.h() > 0 ? (double) b.w() / b.h() : Double.NaN;
  }

  /** The horizontal band {@code [from, to]} (fractions of the height) of a crop region. */
  static Box band(Box r, double[] fromTo) {
    int y0 = r.y() + (int) Math.round(fromTo[0] * r.h());
    int y1 = r.y() + (int) Math.round(fromTo[1] * r.h());
    return new Box(r.x(), y0, r.w(), Math.max(1, y1 - y0));
  }

  /**
   * The other cuts of a plate read as a line beside its box with margin: the box narrowed by {@code tightCrop}
   * (when set), and the detector's own box when the refiner moved it ({@code readDetectorBox}).
   */
  private List<Box> otherCuts(Box box, Box detectorBox, DecodedImage img) {
    List<Box> cuts = new ArrayList<>(2);
    if (cfg.tightCrop() > 0) {
      cuts.add(narrowed(box));
    }
    if (cfg.readDetectorBox() && detectorBox != null && !detectorBox.equals(box)) {
      cuts.add(withMargin(detectorBox));
    }
    return cuts;
  }

  /** The box narrowed by {@code tightCrop} of its width on each side, with the usual margin above and below. */
  private Box narrowed(Box b) {
    int dx = (int) Math.round(b.w() * cfg.tightCrop());
    Box m = withMargin(b);
    int x0 = Math.min(b.x() + dx, b.x() + b.w() - 1);
    int x1 = Math.max(x0 + 1, b.x() + b.w() - dx);
    return new Box(x0, m.y(), x1 - x0, m.h());
  }

  /**
   * The box with {@code cropMargin} of its size around it, also where that reaches past the frame's edges: the OCR
   * reads it through {@link DecodedImage#cropGreyPadded}, the frame's edge repeated there, as its training crops
   * were made (a plate cut edge to edge, as the crop sets hold them, reads as one with its margin).
   */
  private Box withMargin(Box b) {
    int mx = (int) Math.round(b.w() * cfg.cropMargin());
    int my = (int) Math.round(b.h() * cfg.cropMargin());
    return new Box(b.x() - mx, b.y() - my, Math.max(1, b.w() + 2 * mx), Math.max(1, b.h() + 2 * my));
  }

  /** The part of a region inside the frame. */
  static Box inFrame(Box r, int frameW, int frameH) {
    int x0 = Math.max(0, r.x());
    int y0 = Math.max(0, r.y());
    int x1 = Math.min(frameW, r.x() + r.w());
    int y1 = Math.min(frameH, r.y() + r.h());
    return new Box(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
  }

  private Predictors predictors() {
    Thread me = Thread.currentThread();
    Predictors p = predictors.get(me);
    if (p == null) {
      // a finished thread's predictors are freed by whichever thread takes them out of the map, once
      for (var e : predictors.entrySet()) {
        if (!e.getKey().isAlive() && predictors.remove(e.getKey(), e.getValue())) {
          e.getValue().close();
        }
      }
      p = new Predictors(detector.newPredictor(), ocr.newPredictor(), refiner == null ? null : refiner.newPredictor());
      predictors.put(me, p);
    }
    return p;
  }

  public AnprConfig config() {
    return cfg;
  }

  public String codecName() {
    return codec.name();
  }

  @Override
  public boolean open() {
    return !closed;
  }

  @Override
  public String describe() {
    return "DJL " + cfg.engine() + ", detector " + detectorFile + " (" + cfg.detectorModel() + ") input "
        + cfg.detectorWidth() + "x" + cfg.detectorHeight()
        + (refinerFile == null ? ", no refiner" : ", refiner " + refinerFile + " (" + cfg.refinerModel() + ")")
        + ", ocr " + ocrFile + " (" + cfg.ocrModel() + ")"
        + (smoothing == null ? "" : ", smoothed read sigma " + smoothing.sigma())
        + (cfg.invertedRead() > 0 ? ", inverted read weight " + cfg.invertedRead() : "")
        + (cfg.moreCropsBelow() < 1 ? ", other crops below " + cfg.moreCropsBelow() : "")
        + (cfg.weakBoxBelow() > 0 ? ", boxes below " + cfg.weakBoxBelow() + " read only as a format "
            + cfg.weakBoxMinConfidence() + " sure" : "")
        + (second == null ? "" : ", second reader PP-OCRv4 below " + cfg.secondReaderBelow()) + ", decoder "
        + codec.name() + ", threads " + cfg.threads() + ", " + (warm ? "warm" : "cold")
        + (closed ? ", closed" : "") + ", " + predictors.size() + " predictor thread(s)";
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Lock alone = life.writeLock();
    try {
      if (!alone.tryLock(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("closing the ANPR engine: a read still runs after {} s; its models stay loaded until the process "
            + "ends", CLOSE_WAIT_SECONDS);
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("closing the ANPR engine: interrupted while reads ran; its models stay loaded");
      return;
    }
    try {
      freeModels();
    } finally {
      alone.unlock();
    }
  }

  private void freeModels() {
    predictors.values().forEach(Predictors::close);
    predictors.clear();
    if (second != null) {
      try {
        second.close();
      } catch (IOException e) {
        LOG.warn("closing the second reader: {}", e.getMessage());
      }
    }
    ocr.close();
    if (refiner != null) {
      refiner.close();
    }
    detector.close();
  }

  /** A uniform grey frame for the warm-up. */
  private record BlankImage(int width, int height) implements DecodedImage {
    @Override
    public void resizeRgbInto(int w, int h, float[] chw, int planeW, int planeH) {
      java.util.Arrays.fill(chw, 0.5f);
    }

    @Override
    public float[] cropGrey(Box region, int w, int h) {
      return new float[w * h];
    }

    @Override
    public byte[] cropJpeg(Box region, int quality) {
      return new byte[0];
    }

    @Override
    public void close() {
    }
  }
}
