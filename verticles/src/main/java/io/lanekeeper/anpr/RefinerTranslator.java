package io.lanekeeper.anpr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.lanekeeper.bus.Box;
import java.nio.FloatBuffer;

/**
 * {@code refiner.onnx}: the windows around all the detector's boxes of one frame in one batch {@code [N,1,64,128]}
 * (grey, 0..1, cut by the codec) to the plate's own edges in each, {@code edges [N,4]}: x0, y0, x1, y1 as fractions
 * of the window. The window is {@link #WINDOW_X} x {@link #WINDOW_Y} times the box around its centre, clamped to
 * the frame; the training code cuts it the same way ({@code window()} in {@code models/training/train_refiner.py}).
 */
public final class RefinerTranslator implements Translator<float[][], float[][]> {

  public static final int WIDTH = 128;
  public static final int HEIGHT = 64;
  public static final double WINDOW_X = 1.4;
  public static final double WINDOW_Y = 1.8;

  /** The window the refiner sees around a detector box, clamped to a frame of {@code frameW} x {@code frameH}. */
  public static Box window(Box b, int frameW, int frameH) {
    double cx = b.x() + b.w() / 2.0;
    double cy = b.y() + b.h() / 2.0;
    double ww = b.w() * WINDOW_X;
    double wh = b.h() * WINDOW_Y;
    int x0 = (int) Math.max(0, Math.round(cx - ww / 2));
    int y0 = (int) Math.max(0, Math.round(cy - wh / 2));
    int x1 = (int) Math.min(frameW, Math.round(cx + ww / 2));
    int y1 = (int) Math.min(frameH, Math.round(cy + wh / 2));
    x0 = Math.min(x0, frameW - 2);
    y0 = Math.min(y0, frameH - 2);
    return new Box(x0, y0, Math.max(2, x1 - x0), Math.max(2, y1 - y0));
  }

  /**
   * The plate's box from the refiner's edges in a window, clamped to the frame; null when the edges make no box
   * (inverted, or smaller than 4x2 pixels).
   */
  public static Box plate(Box window, float[] edges, int frameW, int frameH) {
    double x0 = window.x() + edges[0] * (double) window.w();
    double y0 = window.y() + edges[1] * (double) window.h();
    double x1 = window.x() + edges[2] * (double) window.w();
    double y1 = window.y() + edges[3] * (double) window.h();
    if (!(x1 > x0) || !(y1 > y0)) {   // also NaN
      return null;
    }
    int ix0 = (int) Math.max(0, Math.round(x0));
    int iy0 = (int) Math.max(0, Math.round(y0));
    int ix1 = (int) Math.min(frameW, Math.round(x1));
    int iy1 = (int) Math.min(frameH, Math.round(y1));
    if (ix1 - ix0 < 4 || iy1 - iy0 < 2) {
      return null;
    }
    return new Box(ix0, iy0, ix1 - ix0, iy1 - iy0);
  }

  @Override
  public NDList processInput(TranslatorContext ctx, float[][] windows) {
    int px = WIDTH * HEIGHT;
    FloatBuffer buf = FloatBuffer.allocate(windows.length * px);
    for (float[] w : windows) {
      if (w.length != px) {
        throw new IllegalArgumentException("a refiner window must be " + WIDTH + "x" + HEIGHT + " grey values");
      }
      buf.put(w);
    }
    buf.flip();
    NDArray input = ctx.getNDManager().create(buf, new Shape(windows.length, 1, HEIGHT, WIDTH));
    input.setName("crop");
    return new NDList(input);
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList out) {
    NDArray edges = out.size() == 1 ? out.singletonOrThrow() : out.get("edges");
    Shape s = edges.getShape();
    if (s.dimension() != 2 || s.get(1) != 4) {
      throw new IllegalStateException("refiner output must be edges [N,4], got " + s);
    }
    float[] flat = edges.toFloatArray();
    float[][] res = new float[(int) s.get(0)][4];
    for (int i = 0; i < res.length; i++) {
      System.arraycopy(flat, i * 4, res[i], 0, 4);
    }
    return res;
  }

  @Override
  public Batchifier getBatchifier() {
    return null;
  }
}
