package io.lanekeeper.camera;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Synthetic frames: a grey background with one white rectangle, encoded in memory. */
final class TestImages {

  static final int WIDTH = 640;
  static final int HEIGHT = 480;

  private TestImages() {
  }

  /** A frame with a white rectangle whose top-left corner is at (x, y). */
  static BufferedImage withRect(int x, int y, int w, int h) {
    return withRect(WIDTH, HEIGHT, x, y, w, h);
  }

  static BufferedImage withRect(int width, int height, int x, int y, int w, int h) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(new Color(60, 60, 60));
      g.fillRect(0, 0, width, height);
      g.setColor(Color.WHITE);
      g.fillRect(x, y, w, h);
    } finally {
      g.dispose();
    }
    return img;
  }

  static byte[] png(BufferedImage img) {
    return encode(img, "png");
  }

  static byte[] jpeg(BufferedImage img) {
    return encode(img, "jpg");
  }

  /** A distinct JPEG per {@code i}: the rectangle walks across the frame. */
  static byte[] jpeg(int i) {
    return jpeg(withRect(20 + (i * 37) % 500, 100, 80, 60));
  }

  /** A distinct thumbnail-sized JPEG per {@code i}, for tests that cut streams at every byte. */
  static byte[] smallJpeg(int i) {
    return jpeg(withRect(96, 64, 4 + (i * 13) % 60, 8, 24, 16));
  }

  private static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
