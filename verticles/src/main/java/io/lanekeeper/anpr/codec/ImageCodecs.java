package io.lanekeeper.anpr.codec;

import io.lanekeeper.anpr.AnprConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the codec the configuration asks for, falling back to ImageIO when OpenCV's native library won't load. */
public final class ImageCodecs {

  private static final Logger LOG = LoggerFactory.getLogger(ImageCodecs.class);

  private ImageCodecs() {
  }

  public static ImageCodec create(String name, int threads) {
    if (AnprConfig.OPENCV.equals(name)) {
      try {
        return new OpenCvCodec(threads);
      } catch (Throwable e) {
        LOG.warn("OpenCV native library did not load ({}); decoding with ImageIO instead", e.toString());
      }
    }
    return new ImageIoCodec();
  }
}
