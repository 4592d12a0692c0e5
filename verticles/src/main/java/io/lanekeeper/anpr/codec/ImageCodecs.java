package io.lanekeeper.anpr.codec;

import io.lanekeeper.anpr.AnprConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the codec the configuration asks for. {@code auto} takes the fastest that loads here: TurboJPEG (system
 * libturbojpeg with SIMD) for JPEG, else OpenCV, else ImageIO. An explicit choice that does not load falls back the
 * same way, with a warning.
 */
public final class ImageCodecs {

  private static final Logger LOG = LoggerFactory.getLogger(ImageCodecs.class);

  private ImageCodecs() {
  }

  public static ImageCodec create(String name, int threads) {
    if (AnprConfig.AUTO.equals(name) || AnprConfig.TURBOJPEG.equals(name)) {
      try {
        return new TurboJpegCodec(threads);
      } catch (Throwable e) {
        if (AnprConfig.TURBOJPEG.equals(name)) {
          LOG.warn("libturbojpeg did not load ({}); decoding with OpenCV instead (Debian: apt-get install "
              + "libturbojpeg0)", e.toString());
        } else {
          LOG.info("libturbojpeg not found ({}); decoding with OpenCV", e.getMessage());
        }
      }
    }
    if (!AnprConfig.IMAGEIO.equals(name)) {
      try {
        return new OpenCvCodec(threads);
      } catch (Throwable e) {
        LOG.warn("OpenCV native library did not load ({}); decoding with ImageIO instead", e.toString());
      }
    }
    return new ImageIoCodec();
  }
}
