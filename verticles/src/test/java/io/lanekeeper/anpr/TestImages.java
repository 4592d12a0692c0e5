package io.lanekeeper.anpr;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Encoded test images made on the fly. */
final class TestImages {

  private TestImages() {
  }

  /** A grey picture with a light rectangle, as JPEG or PNG. */
  static byte[] picture(int w, int h, String format) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(90, 100, 110));
    g.fillRect(0, 0, w, h);
    g.setColor(new Color(230, 230, 220));
    g.fillRect(w / 3, h / 2, w / 4, h / 12 + 1);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A complete, well-formed PNG whose header claims {@code w x h} but carries no pixel data. */
  static byte[] pngClaiming(int w, int h) {
    ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
    b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
    byte[] ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes()).putInt(w).putInt(h)
        .put(new byte[] {8, 2, 0, 0, 0}).array();
    b.putInt(13).put(ihdr).putInt(crc(ihdr));
    byte[] iend = "IEND".getBytes();
    b.putInt(0).put(iend).putInt(crc(iend));
    return b.array();
  }

  private static int crc(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    return (int) c.getValue();
  }
}
