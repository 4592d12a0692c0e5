package io.lanekeeper.anpr.codec;

import io.lanekeeper.anpr.ImageRejectedException;
import io.lanekeeper.bus.Box;
import nu.pattern.OpenCV;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Decodes and resizes with OpenCV (the native library packaged by org.openpnp, which DJL's OpenCV extension
 * depends on). Mats live in native memory and are released explicitly.
 */
public final class OpenCvCodec implements ImageCodec {

  private static volatile boolean loaded;

  /** Loads the native library; throws when it does not load on this platform. */
  public OpenCvCodec(int threads) {
    load();
    Core.setNumThreads(threads);
  }

  static synchronized void load() {
    if (!loaded) {
      OpenCV.loadLocally();
      loaded = true;
    }
  }

  @Override
  public String name() {
    return "opencv";
  }

  @Override
  public DecodedImage decode(byte[] encoded, ImageHeader header) throws ImageRejectedException {
    MatOfByte buf = new MatOfByte(encoded);
    Mat m;
    try {
      // orientation is ignored so that the decoded size is the header's, as with ImageIO
      m = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_IGNORE_ORIENTATION);
    } finally {
      buf.release();
    }
    if (m.empty()) {
      m.release();
      throw new ImageRejectedException(header.format() + " could not be decoded (corrupt image data)");
    }
    if (m.cols() != header.width() || m.rows() != header.height()) {
      int w = m.cols();
      int h = m.rows();
      m.release();
      throw new ImageRejectedException(header.format() + " decoded as " + w + "x" + h + " but its header says "
          + header.width() + "x" + header.height());
    }
    return new MatImage(m);
  }

  /** A decoded BGR Mat as a {@link DecodedImage}; takes ownership of the Mat. */
  static final class MatImage implements DecodedImage {
    private final Mat bgr;

    MatImage(Mat bgr) {
      this.bgr = bgr;
    }

    @Override
    public int width() {
      return bgr.cols();
    }

    @Override
    public int height() {
      return bgr.rows();
    }

    @Override
    public void resizeRgbInto(int w, int h, float[] chw, int planeW, int planeH) {
      Mat small = new Mat();
      try {
        Imgproc.resize(bgr, small, new Size(w, h), 0, 0, interpolation(bgr.cols(), w));
        byte[] px = new byte[w * h * 3];
        small.get(0, 0, px);
        Pixels.bgrToRgbPlanes(px, w, h, chw, planeW, planeH);
      } finally {
        small.release();
      }
    }

    @Override
    public float[] cropGrey(Box r, int w, int h) {
      Mat roi = bgr.submat(new Rect(r.x(), r.y(), r.w(), r.h()));
      Mat resized = new Mat();
      Mat grey = new Mat();
      try {
        Imgproc.resize(roi, resized, new Size(w, h), 0, 0, interpolation(r.w(), w));
        Imgproc.cvtColor(resized, grey, Imgproc.COLOR_BGR2GRAY);
        byte[] px = new byte[w * h];
        grey.get(0, 0, px);
        float[] out = new float[w * h];
        for (int i = 0; i < px.length; i++) {
          out[i] = (px[i] & 0xff) / 255f;
        }
        return out;
      } finally {
        grey.release();
        resized.release();
        roi.release();
      }
    }

    @Override
    public byte[] cropJpeg(Box r, int quality) {
      Mat roi = bgr.submat(new Rect(r.x(), r.y(), r.w(), r.h()));
      MatOfByte out = new MatOfByte();
      MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality);
      try {
        Imgcodecs.imencode(".jpg", roi, out, params);
        return out.toArray();
      } finally {
        params.release();
        out.release();
        roi.release();
      }
    }

    @Override
    public void close() {
      bgr.release();
    }
  }

  /** Area averaging when shrinking (no aliasing), bilinear when enlarging. */
  private static int interpolation(int from, int to) {
    return to < from ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR;
  }
}
