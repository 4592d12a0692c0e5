package io.lanekeeper.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import io.lanekeeper.bus.Box;
import io.lanekeeper.config.ReadFloor;
import io.lanekeeper.testing.Poll;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

@Isolated
class DjlPlateRecognizerTest {

  /** Every connection Java's URL machinery would open goes through here; none may be attempted. */
  static final List<URI> CONNECTIONS = new CopyOnWriteArrayList<>();
  static ProxySelector previous;
  static DjlPlateRecognizer opencv;
  static DjlPlateRecognizer imageio;
  /** The default decoder: TurboJPEG where libturbojpeg is installed (scripts/test installs it). */
  static DjlPlateRecognizer auto;

  @BeforeAll
  static void load() throws IOException {
    AnprConfig cfg = TestModels.configOrSkip(new JsonObject());
    previous = ProxySelector.getDefault();
    ProxySelector.setDefault(new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        CONNECTIONS.add(uri);
        throw new IllegalStateException("network access attempted: " + uri);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException e) {
      }
    });
    opencv = new DjlPlateRecognizer(cfg.withDecoder(AnprConfig.OPENCV),
        List.of(FormatRulesTest.BR_OLD, FormatRulesTest.BR_MERCOSUR));
    auto = new DjlPlateRecognizer(cfg, List.of(FormatRulesTest.BR_OLD, FormatRulesTest.BR_MERCOSUR));
    imageio = new DjlPlateRecognizer(cfg.withDecoder(AnprConfig.IMAGEIO),
        List.of(FormatRulesTest.BR_OLD, FormatRulesTest.BR_MERCOSUR));
  }

  @AfterAll
  static void close() {
    if (opencv != null) {
      opencv.close();
      imageio.close();
      auto.close();
      ProxySelector.setDefault(previous);
    }
  }

  @Test
  @DisplayName("Loading and running the models never reaches for the network")
  void staysOffline() throws Exception {
    opencv.warmUp();
    opencv.recognize(TestImages.picture(1920, 1080, "jpeg"), List.of());
    assertThat(Utils.isOfflineMode()).isTrue();
    assertThat(System.getProperty("ai.djl.onnx.disable_alternative")).isEqualTo("true");
    assertThat(Engine.getEngine(opencv.config().engine()).getAlternativeEngine()).isNull();
    assertThat(CONNECTIONS).isEmpty();
    assertThat(opencv.describe()).contains("OnnxRuntime", "opencv", "warm", "inverted read weight 0.75")
        .doesNotContain("smoothed read");
  }

  @Test
  @DisplayName("Empty, random, truncated and huge images are refused with a clear message by every decoder")
  void refusesBadImages() {
    byte[] random = new byte[10_000];
    new Random(1).nextBytes(random);
    random[0] = 0x13;
    byte[] jpeg = TestImages.picture(800, 600, "jpeg");
    for (DjlPlateRecognizer r : List.of(opencv, imageio, auto)) {
      assertThatThrownBy(() -> r.recognize(new byte[0], List.of()))
          .isInstanceOf(ImageRejectedException.class).hasMessageContaining("empty");
      assertThatThrownBy(() -> r.recognize(random, List.of()))
          .isInstanceOf(ImageRejectedException.class).hasMessageContaining("not an image");
      assertThatThrownBy(() -> r.recognize(Arrays.copyOf(jpeg, jpeg.length - 200), List.of()))
          .isInstanceOf(ImageRejectedException.class).hasMessageContaining("truncated");
      assertThatThrownBy(() -> r.recognize(TestImages.pngClaiming(20000, 20000), List.of()))
          .isInstanceOf(ImageRejectedException.class)
          .hasMessageContaining("20000x20000 = 400 Mpx, over the limit of 40 Mpx (anpr.maxPixels)");
    }
  }

  @Test
  @DisplayName("A JPEG whose image data is corrupt but whose header is sound is refused, not half read")
  void refusesCorruptData() {
    byte[] jpeg = TestImages.picture(64, 48, "jpeg");
    byte[] broken = jpeg.clone();
    int sos = 0;
    for (int i = 2; i < broken.length - 1; i++) {
      if ((broken[i] & 0xff) == 0xff && (broken[i + 1] & 0xff) == 0xda) {
        sos = i;
        break;
      }
    }
    // a bad Huffman-table selector in the scan header
    broken[sos + 6] = (byte) 0xff;
    for (DjlPlateRecognizer r : List.of(opencv, imageio, auto)) {
      assertThatThrownBy(() -> r.recognize(broken, List.of())).isInstanceOf(ImageRejectedException.class);
    }
  }

  @Test
  @DisplayName("A small valid image without a plate gives an empty list")
  void noPlateNoReads() throws Exception {
    assertThat(opencv.recognize(TestImages.picture(64, 48, "png"), List.of())).isEmpty();
    assertThat(imageio.recognize(TestImages.picture(64, 48, "jpeg"), List.of("br-old"))).isEmpty();
  }

  @Test
  @DisplayName("Stage times are filled and every detected box went through OCR")
  void recordsStageTimes() throws Exception {
    StageTimes t = new StageTimes();
    List<RecognizedPlate> plates = opencv.recognize(TestImages.picture(1920, 1080, "jpeg"), List.of(), t);
    assertThat(t.decodeNs()).isPositive();
    assertThat(t.detectNs()).isPositive();
    assertThat(t.totalNs()).isGreaterThanOrEqualTo(t.decodeNs() + t.detectNs());
    assertThat(t.plates()).isEqualTo(plates.size()).isLessThanOrEqualTo(t.boxes());
    for (RecognizedPlate p : plates) {
      assertThat(p.charConfidences()).hasSize(p.text().length());
      assertThat(p.cropJpeg()).isNotEmpty();
    }
  }

  @Test
  @DisplayName("Reading given regions skips the detector, clips them to the frame and drops those outside it")
  void readsGivenRegions() throws Exception {
    StageTimes t = new StageTimes();
    byte[] frame = TestImages.picture(640, 480, "jpeg");
    List<Box> regions = List.of(new Box(100, 200, 240, 80), new Box(600, 450, 100, 60), new Box(700, 10, 50, 20));
    List<RecognizedPlate> plates = opencv.readRegions(frame, regions, List.of(), t);
    assertThat(t.detectNs()).isZero();
    assertThat(t.detections()).extracting(Detection::box)
        .containsExactly(new Box(100, 200, 240, 80), new Box(600, 450, 40, 30));
    assertThat(t.detections()).extracting(Detection::score).containsOnly(1.0);
    assertThat(plates.size()).isEqualTo(t.plates()).isLessThanOrEqualTo(2);
  }

  @Test
  @DisplayName("The inverted read adds one OCR crop per plate, light and dark swapped; 0 turns it off")
  void invertedReadCrops() throws Exception {
    try (DjlPlateRecognizer on = recognizer(new JsonObject().put("moreCropsBelow", 1));
         DjlPlateRecognizer off = recognizer(new JsonObject().put("invertedRead", 0).put("moreCropsBelow", 1))) {
      assertThat(twoPlateCrops(on)).isEqualTo(twoPlateCrops(off) + 2);
    }
    // the inverted crop is each plate's last line, and only it is weighed down
    assertThat(DjlPlateRecognizer.lineWeights(4, 0.75)).containsExactly(1, 1, 1, 0.75);
    assertThat(DjlPlateRecognizer.lineWeights(2, 0.75)).containsExactly(1, 0.75);
    assertThat(DjlPlateRecognizer.lineWeights(3, 0)).isNull();
    assertThat(DjlPlateRecognizer.inverted(new float[] {0f, 0.25f, 1f})).containsExactly(1f, 0.75f, 0f);
  }

  @Test
  @DisplayName("The smoothed read is off by default; a sigma turns it on, one more OCR crop per plate")
  void smoothedReadCrops() throws Exception {
    try (DjlPlateRecognizer on = recognizer(new JsonObject().put("smoothedRead", 2.0).put("moreCropsBelow", 1));
         DjlPlateRecognizer off = recognizer(new JsonObject().put("moreCropsBelow", 1))) {
      assertThat(twoPlateCrops(on)).isEqualTo(twoPlateCrops(off) + 2);
      assertThat(on.describe()).contains("smoothed read sigma 2.0");
    }
  }

  private static DjlPlateRecognizer recognizer(JsonObject config) throws IOException {
    return new DjlPlateRecognizer(TestModels.configOrSkip(config), List.of(FormatRulesTest.BR_OLD));
  }

  /** The OCR crops the recognizer reads for two plates' given regions. */
  private static int twoPlateCrops(DjlPlateRecognizer r) throws Exception {
    StageTimes times = new StageTimes();
    r.readRegions(TestImages.picture(640, 480, "jpeg"),
        List.of(new Box(100, 200, 240, 80), new Box(300, 100, 200, 60)), List.of(), times);
    return times.ocrCrops();
  }

  @Test
  @DisplayName("The second reader's read replaces a doubtful one only when sure and a known format as it stands")
  void secondOpinion() {
    FormatRules br = new FormatRules(List.of(FormatRulesTest.BR_OLD), true, 0.02);
    double aspect = 400.0 / 130;
    FormatRules.Reading ours = new FormatRules.Reading("QZC8400", new double[] {0.3, 1, 1, 1, 1, 1, 1}, "br-old",
        0.3, 0.3);
    FormatRules.Reading taken = DjlPlateRecognizer.secondOpinion(Optional.of(ours),
        new TeacherReader.Read("OZC8400", 0.99), br, aspect, 0.9).orElseThrow();
    assertThat(taken.text()).isEqualTo("OZC8400");
    assertThat(taken.format()).isEqualTo("br-old");
    // a second opinion never makes a plate sure enough to decide on: not for the default floor, nor the lowest a
    // lane may set, at any length, nor after the tracker's vote of several such reads (an average of them)
    for (ReadFloor floor : List.of(ReadFloor.DEFAULT, new ReadFloor(0.05, 0, 1))) {
      assertThat(floor.doubt(taken.text(), taken.confidence(), taken.charConfidences())).isNotNull();
      for (String text : List.of("A", "AB12", "ABC1234", "ABCD123456")) {
        double[] c = new double[text.length()];
        Arrays.fill(c, DjlPlateRecognizer.SECOND_READER_CHAR_CONFIDENCE);
        assertThat(floor.doubt(text, Math.pow(c[0], c.length), c)).as("%s, %s", floor, text).isNotNull();
      }
    }
    assertThat(DjlPlateRecognizer.secondOpinion(Optional.of(ours), new TeacherReader.Read("OZC8400", 0.8), br,
        aspect, 0.9)).contains(ours);   // not sure enough
    assertThat(DjlPlateRecognizer.secondOpinion(Optional.of(ours), new TeacherReader.Read("OZC840", 0.99), br,
        aspect, 0.9)).contains(ours);   // no known format as read
    assertThat(DjlPlateRecognizer.secondOpinion(Optional.empty(), new TeacherReader.Read("ABC1234", 0.95), br,
        aspect, 0.9)).map(FormatRules.Reading::text).contains("ABC1234");   // a plate the engine could not read
    assertThat(DjlPlateRecognizer.secondOpinion(Optional.empty(), new TeacherReader.Read("", 0), br, aspect,
        0.9)).isEmpty();
  }

  @Test
  @DisplayName("A second reader that is configured but not fetched stops the engine at load, saying how to fetch it")
  void secondReaderMissing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    AnprConfig cfg = TestModels.configOrSkip(new JsonObject().put("secondReader", dir.toString()));
    assertThatThrownBy(() -> new DjlPlateRecognizer(cfg, List.of(FormatRulesTest.BR_OLD)))
        .isInstanceOf(IOException.class).hasMessageContaining("scripts/teacher");
  }

  @Test
  @DisplayName("An unknown plate format is a configuration error naming it")
  void unknownFormat() {
    assertThatThrownBy(() -> opencv.recognize(TestImages.picture(64, 48, "png"), List.of("xx-nowhere")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xx-nowhere");
  }

  @Test
  @DisplayName("Each calling thread gets its own predictors and reads the same frame the same way")
  void predictorPerThread() throws Exception {
    byte[] frame = TestImages.picture(1280, 720, "jpeg");
    List<RecognizedPlate> here = opencv.recognize(frame, List.of());
    List<RecognizedPlate>[] there = new List[1];
    Thread t = new Thread(() -> {
      try {
        there[0] = opencv.recognize(frame, List.of());
      } catch (ImageRejectedException e) {
        throw new IllegalStateException(e);
      }
    });
    t.start();
    t.join();
    assertThat(there[0]).extracting(RecognizedPlate::text).isEqualTo(here.stream().map(RecognizedPlate::text).toList());
    assertThat(opencv.describe()).containsPattern("[2-9] predictor thread");
  }

  /**
   * A shutdown whose workers did not stop in time closes the engine under them. Closing native sessions that a read
   * is using fails that read with an engine error, or crashes the process; the engine now waits for the reads in
   * progress and refuses the later ones.
   */
  @Test
  @DisplayName("Closing while other threads read: reads in progress finish, later ones are refused clearly")
  void closeWhileReading() throws Exception {
    DjlPlateRecognizer r = new DjlPlateRecognizer(TestModels.configOrSkip(new JsonObject()),
        List.of(FormatRulesTest.BR_OLD, FormatRulesTest.BR_MERCOSUR));
    byte[] frame = TestImages.picture(1280, 720, "jpeg");
    int threads = 3;
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    List<Throwable> other = new CopyOnWriteArrayList<>();
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        while (true) {
          try {
            r.recognize(frame, List.of());
            reads.incrementAndGet();
          } catch (IllegalStateException e) {
            if ("the ANPR engine is closed".equals(e.getMessage())) {
              refused.incrementAndGet();
            } else {
              other.add(e);
            }
            return;
          } catch (Throwable e) {
            other.add(e);
            return;
          }
        }
      });
      t.start();
      readers.add(t);
    }
    Poll.until("every reader under way", 60, () -> reads.get() >= 2 * threads);
    r.close();
    assertThat(r.open()).isFalse();
    for (Thread t : readers) {
      t.join(30_000);
      assertThat(t.isAlive()).as("a reader still running").isFalse();
    }
    assertThat(other).as("reads that failed other than by a clear refusal").isEmpty();
    assertThat(refused.get()).isEqualTo(threads);
    assertThat(r.describe()).contains("closed");
  }
}
