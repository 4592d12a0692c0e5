package io.lanekeeper.anpr;

/**
 * A separable Gaussian blur of a grey image held as floats, row-major, edges extended (the nearest pixel
 * repeats past the border, as OpenCV's {@code BORDER_REPLICATE}). The kernel is built once; {@link #apply} is
 * thread-safe.
 *
 * <p>The engine smooths a copy of each plate's OCR crop with it ({@link AnprConfig#smoothedRead()}): on a
 * 192x64 crop and sigma 2 that is about 0.3 M multiply-adds, a fraction of one OCR inference.
 */
public final class GaussianSmoothing {

  private final double sigma;
  private final float[] kernel;
  private final int radius;

  /** A blur of standard deviation {@code sigma} pixels, its kernel cut at three sigma. */
  public GaussianSmoothing(double sigma) {
    if (!(sigma > 0) || sigma > 50) {
      throw new IllegalArgumentException("sigma must be in (0, 50], got " + sigma);
    }
    this.sigma = sigma;
    this.radius = Math.max(1, (int) Math.ceil(3 * sigma));
    this.kernel = new float[2 * radius + 1];
    double sum = 0;
    double[] k = new double[kernel.length];
    for (int i = -radius; i <= radius; i++) {
      k[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
      sum += k[i + radius];
    }
    for (int i = 0; i < k.length; i++) {
      kernel[i] = (float) (k[i] / sum);
    }
  }

  public double sigma() {
    return sigma;
  }

  /** The smoothed copy of a {@code w x h} image; {@code src} is left as it is. */
  public float[] apply(float[] src, int w, int h) {
    if (w <= 0 || h <= 0 || src.length != w * h) {
      throw new IllegalArgumentException("image of " + src.length + " values is not " + w + "x" + h);
    }
    float[] rows = new float[w * h];
    for (int y = 0; y < h; y++) {
      pass(src, rows, y * w, 1, w);
    }
    float[] out = new float[w * h];
    for (int x = 0; x < w; x++) {
      pass(rows, out, x, w, h);
    }
    return out;
  }

  /** One 1-D pass over the {@code n} values {@code in[start + i * step]}. */
  private void pass(float[] in, float[] out, int start, int step, int n) {
    int r = radius;
    for (int i = 0; i < n; i++) {
      float acc = 0;
      if (i >= r && i + r < n) {
        int base = start + (i - r) * step;
        for (int k = 0; k < kernel.length; k++, base += step) {
          acc += kernel[k] * in[base];
        }
      } else {
        for (int k = -r; k <= r; k++) {
          int j = Math.min(n - 1, Math.max(0, i + k));
          acc += kernel[k + r] * in[start + j * step];
        }
      }
      out[start + i * step] = acc;
    }
  }
}
