package io.lanekeeper.anpr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.lanekeeper.anpr.codec.DecodedImage;
import io.lanekeeper.bus.Box;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code detector.onnx}: letterboxes a frame into the detector input, and decodes the heatmap and box maps
 * into plate boxes in frame pixels: local maxima over the threshold, then non-maximum suppression. The output
 * stride (4 for the first models, 8 now) is read off the output shape, so either kind of model file works.
 * All pixel work is plain Java; the only NDArrays are the model's input and outputs.
 */
public final class DetectorTranslator implements Translator<DecodedImage, List<Detection>> {

  static final float PAD = 0.5f;
  private static final String SCALE = "scale";
  private static final String FRAME = "frame";

  private final int inW;
  private final int inH;
  private final double threshold;
  private final double nmsIou;
  private final int maxPlates;

  public DetectorTranslator(AnprConfig cfg) {
    this.inW = cfg.detectorWidth();
    this.inH = cfg.detectorHeight();
    this.threshold = cfg.detectThreshold();
    this.nmsIou = cfg.nmsIou();
    this.maxPlates = cfg.maxPlates();
  }

  @Override
  public NDList processInput(TranslatorContext ctx, DecodedImage img) {
    double scale = Math.min((double) inW / img.width(), (double) inH / img.height());
    int w = Math.max(1, Math.min(inW, (int) Math.round(img.width() * scale)));
    int h = Math.max(1, Math.min(inH, (int) Math.round(img.height() * scale)));
    float[] chw = new float[3 * inW * inH];
    Arrays.fill(chw, PAD);
    img.resizeRgbInto(w, h, chw, inW, inH);
    ctx.setAttachment(SCALE, scale);
    ctx.setAttachment(FRAME, new int[] {img.width(), img.height()});
    NDArray input = ctx.getNDManager().create(FloatBuffer.wrap(chw), new Shape(1, 3, inH, inW));
    input.setName("image");
    return new NDList(input);
  }

  @Override
  public List<Detection> processOutput(TranslatorContext ctx, NDList out) {
    NDArray heat = null;
    NDArray boxes = null;
    for (NDArray a : out) {
      long channels = a.getShape().get(1);
      if ("heatmap".equals(a.getName()) || (heat == null && channels == 1)) {
        heat = a;
      } else if ("boxes".equals(a.getName()) || channels == 4) {
        boxes = a;
      }
    }
    if (heat == null || boxes == null) {
      throw new IllegalStateException("detector outputs must be heatmap [N,1,H/s,W/s] and boxes [N,4,H/s,W/s], got "
          + out.getShapes());
    }
    Shape s = heat.getShape();
    int gh = (int) s.get(2);
    int gw = (int) s.get(3);
    int stride = gw > 0 ? inW / gw : 0;
    if (stride < 1 || gw * stride != inW || gh * stride != inH || !boxes.getShape().equals(new Shape(1, 4, gh, gw))) {
      throw new IllegalStateException("detector outputs " + out.getShapes() + " do not divide the input " + inW + "x"
          + inH + " by one stride");
    }
    int[] frame = (int[]) ctx.getAttachment(FRAME);
    return decode(heat.toFloatArray(), boxes.toFloatArray(), gh, gw, stride,
        (Double) ctx.getAttachment(SCALE), frame[0], frame[1], threshold, nmsIou, maxPlates);
  }

  @Override
  public Batchifier getBatchifier() {
    return null;
  }

  /** Peaks of the heatmap (3x3 maxima over the threshold), NMS, then boxes scaled back to the frame. */
  static List<Detection> decode(float[] heat, float[] boxes, int gh, int gw, int stride, double scale, int frameW,
                                int frameH, double threshold, double nmsIou, int maxPlates) {
    int plane = gh * gw;
    List<double[]> cands = new ArrayList<>();
    for (int gy = 0; gy < gh; gy++) {
      for (int gx = 0; gx < gw; gx++) {
        float v = heat[gy * gw + gx];
        if (v < threshold || !isPeak(heat, gh, gw, gx, gy, v)) {
          continue;
        }
        int i = gy * gw + gx;
        double cx = (gx + boxes[i]) * stride;
        double cy = (gy + boxes[plane + i]) * stride;
        double bw = Math.abs(boxes[2 * plane + i]);
        double bh = Math.abs(boxes[3 * plane + i]);
        cands.add(new double[] {v, (cx - bw / 2) / scale, (cy - bh / 2) / scale, (cx + bw / 2) / scale,
            (cy + bh / 2) / scale});
      }
    }
    cands.sort((a, b) -> Double.compare(b[0], a[0]));
    List<Detection> kept = new ArrayList<>();
    List<double[]> keptRaw = new ArrayList<>();
    for (double[] c : cands) {
      if (kept.size() >= maxPlates) {
        break;
      }
      boolean suppressed = false;
      for (double[] k : keptRaw) {
        if (iou(c, k) > nmsIou) {
          suppressed = true;
          break;
        }
      }
      if (suppressed) {
        continue;
      }
      int x0 = clamp((int) Math.floor(c[1]), 0, frameW - 1);
      int y0 = clamp((int) Math.floor(c[2]), 0, frameH - 1);
      int x1 = clamp((int) Math.ceil(c[3]), x0 + 1, frameW);
      int y1 = clamp((int) Math.ceil(c[4]), y0 + 1, frameH);
      keptRaw.add(c);
      kept.add(new Detection(new Box(x0, y0, x1 - x0, y1 - y0), c[0]));
    }
    return kept;
  }

  private static boolean isPeak(float[] heat, int gh, int gw, int gx, int gy, float v) {
    for (int dy = -1; dy <= 1; dy++) {
      for (int dx = -1; dx <= 1; dx++) {
        int x = gx + dx;
        int y = gy + dy;
        if ((dx != 0 || dy != 0) && x >= 0 && y >= 0 && x < gw && y < gh) {
          float n = heat[y * gw + x];
          // ties go to the first cell in reading order, so a flat plateau yields one peak
          if (n > v || (n == v && (dy < 0 || (dy == 0 && dx < 0)))) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static double iou(double[] a, double[] b) {
    double iw = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
    double ih = Math.max(0, Math.min(a[4], b[4]) - Math.max(a[2], b[2]));
    double inter = iw * ih;
    double union = (a[3] - a[1]) * (a[4] - a[2]) + (b[3] - b[1]) * (b[4] - b[2]) - inter;
    return union <= 0 ? 0 : inter / union;
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
