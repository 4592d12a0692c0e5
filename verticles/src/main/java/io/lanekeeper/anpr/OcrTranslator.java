package io.lanekeeper.anpr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.nio.FloatBuffer;

/**
 * {@code ocr.onnx}: plate crops of one frame in one batch {@code [N,1,64,192]} (grey, 0..1, prepared
 * by the codec) to per-slot probabilities {@code [N][10][37]}. The model's {@code probs} are either fixed slots
 * {@code [N,10,37]} or CTC columns {@code [N,T,37]} (T other than 10, blank at index 0), which
 * {@link CtcDecoder} turns into slots. The probabilities are kept whole, not reduced to the top character,
 * because the format rules pick the most probable character each slot allows.
 */
public final class OcrTranslator implements Translator<float[][], float[][][]> {

  public static final int WIDTH = 192;
  public static final int HEIGHT = 64;

  @Override
  public NDList processInput(TranslatorContext ctx, float[][] crops) {
    int px = WIDTH * HEIGHT;
    FloatBuffer buf = FloatBuffer.allocate(crops.length * px);
    for (float[] c : crops) {
      if (c.length != px) {
        throw new IllegalArgumentException("an OCR crop must be " + WIDTH + "x" + HEIGHT + " grey values");
      }
      buf.put(c);
    }
    buf.flip();
    NDArray input = ctx.getNDManager().create(buf, new Shape(crops.length, 1, HEIGHT, WIDTH));
    input.setName("crop");
    return new NDList(input);
  }

  @Override
  public float[][][] processOutput(TranslatorContext ctx, NDList out) {
    NDArray probs = out.size() == 1 ? out.singletonOrThrow() : out.get("probs");
    Shape s = probs.getShape();
    int slots = FormatRules.SLOTS;
    int classes = FormatRules.ALPHABET.length();
    if (s.dimension() != 3 || s.get(2) != classes) {
      throw new IllegalStateException("OCR output must be probs [N,10," + classes + "] or [N,T," + classes
          + "], got " + s);
    }
    float[] flat = probs.toFloatArray();
    int n = (int) s.get(0);
    int steps = (int) s.get(1);
    float[][][] res = new float[n][][];
    for (int b = 0; b < n; b++) {
      float[][] rows = new float[steps][classes];
      for (int i = 0; i < steps; i++) {
        System.arraycopy(flat, (b * steps + i) * classes, rows[i], 0, classes);
      }
      res[b] = steps == slots ? rows : CtcDecoder.toSlots(rows);
    }
    return res;
  }

  @Override
  public Batchifier getBatchifier() {
    return null;
  }
}
