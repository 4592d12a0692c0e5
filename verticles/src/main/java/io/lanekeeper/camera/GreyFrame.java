package io.lanekeeper.camera;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A small grey version of a frame, only good enough to tell whether something moved.
 *
 * @param luma one byte of luminance per pixel, row by row
 */
public record GreyFrame(int width, int height, byte[] luma) {

  /** Decodes JPEG or PNG bytes, reading only every n-th pixel so the result is about {@code targetWidth} wide. */
  public static GreyFrame decode(byte[] image, int targetWidth) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IOException("not an image format this JVM can decode");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int step = Math.max(1, reader.getWidth(0) / targetWidth);
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        return of(reader.read(0, param));
      } finally {
        reader.dispose();
      }
    }
  }

  public static GreyFrame of(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] luma = new byte[w * h];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        int lum = (((p >> 16) & 0xff) * 299 + ((p >> 8) & 0xff) * 587 + (p & 0xff) * 114) / 1000;
        luma[y * w + x] = (byte) lum;
      }
    }
    return new GreyFrame(w, h, luma);
  }

  int at(int i) {
    return luma[i] & 0xff;
  }
}
