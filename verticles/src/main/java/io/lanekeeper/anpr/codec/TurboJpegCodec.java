package io.lanekeeper.anpr.codec;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.lanekeeper.anpr.ImageRejectedException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Decodes JPEG with the system's libjpeg-turbo (its TurboJPEG API, Debian's {@code libturbojpeg0}, called
 * through JNA) straight into an OpenCV Mat; resizing and cropping are OpenCV's. The OpenCV build that DJL
 * brings (org.openpnp 4.9.0) compiles its own libjpeg-turbo without SIMD, which decodes a 1080p frame in
 * about twice the time ({@code docs/benchmarks.md}). PNG and other formats go to OpenCV.
 *
 * <p>A fatal decoder error refuses the image. So does the warning for data that ends early ("Premature end of
 * JPEG file", the rest of the frame would be grey); other warnings (extraneous bytes between markers, common in
 * camera JPEGs) keep the decoded image, as OpenCV does.
 */
public final class TurboJpegCodec implements ImageCodec {

  /** The TurboJPEG 2.x functions used (turbojpeg.h); a handle per call, so the codec is thread-safe. */
  interface TurboJpeg extends Library {
    Pointer tjInitDecompress();

    int tjDecompress2(Pointer handle, byte[] jpegBuf, NativeLong jpegSize, Pointer dstBuf, int width, int pitch,
                      int height, int pixelFormat, int flags);

    String tjGetErrorStr2(Pointer handle);

    int tjGetErrorCode(Pointer handle);

    int tjDestroy(Pointer handle);
  }

  static final int TJPF_BGR = 1;
  static final int TJERR_WARNING = 0;
  private static final String[] LIBRARY_NAMES = {"turbojpeg", "libturbojpeg.so.0"};

  private final TurboJpeg tj;
  private final OpenCvCodec others;

  /** Loads libturbojpeg and OpenCV; throws when either is missing on this machine. */
  public TurboJpegCodec(int threads) {
    this.others = new OpenCvCodec(threads);
    this.tj = load();
  }

  private static TurboJpeg load() {
    UnsatisfiedLinkError first = null;
    for (String name : LIBRARY_NAMES) {
      try {
        return Native.load(name, TurboJpeg.class);
      } catch (UnsatisfiedLinkError e) {
        first = first == null ? e : first;
      }
    }
    throw first;
  }

  @Override
  public String name() {
    return "turbojpeg";
  }

  @Override
  public DecodedImage decode(byte[] encoded, ImageHeader header) throws ImageRejectedException {
    if (!"JPEG".equals(header.format())) {
      return others.decode(encoded, header);
    }
    Mat m = new Mat(header.height(), header.width(), CvType.CV_8UC3);
    Pointer handle = tj.tjInitDecompress();
    if (handle == null) {
      m.release();
      throw new IllegalStateException("libturbojpeg could not create a decompressor");
    }
    try {
      int rc = tj.tjDecompress2(handle, encoded, new NativeLong(encoded.length), new Pointer(m.dataAddr()),
          header.width(), header.width() * 3, header.height(), TJPF_BGR, 0);
      if (rc != 0) {
        String msg = tj.tjGetErrorStr2(handle);
        boolean warning = tj.tjGetErrorCode(handle) == TJERR_WARNING;
        if (!warning || msg == null || msg.contains("Premature end")) {
          throw new ImageRejectedException("JPEG could not be decoded (" + msg + ")");
        }
      }
      DecodedImage img = new OpenCvCodec.MatImage(m);
      m = null;
      return img;
    } finally {
      tj.tjDestroy(handle);
      if (m != null) {
        m.release();
      }
    }
  }
}
