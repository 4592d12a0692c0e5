package io.lanekeeper.anpr.codec;

import io.lanekeeper.anpr.ImageRejectedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * What an encoded image claims to be, read from its header only. Checked before any decoding, so that
 * a small file declaring a gigantic canvas is refused before it can exhaust memory.
 */
public record ImageHeader(String format, int width, int height) {

  public long pixels() {
    return (long) width * height;
  }

  /**
   * Reads the format and dimensions and checks the image against the limits.
   *
   * @throws ImageRejectedException naming what is wrong: empty, too many bytes, unknown format, truncated,
   *     or too many pixels
   */
  public static ImageHeader check(byte[] b, long maxBytes, long maxPixels) throws ImageRejectedException {
    if (b == null || b.length == 0) {
      throw new ImageRejectedException("image is empty (0 bytes)");
    }
    if (b.length > maxBytes) {
      throw new ImageRejectedException("image is " + b.length + " bytes, over the limit of " + maxBytes
          + " bytes (anpr.maxImageBytes)");
    }
    ImageHeader h;
    int[] scanStart = {-1};
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      h = jpeg(b, scanStart);
    } else if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      h = png(b);
    } else {
      h = other(b);
    }
    if (h.width <= 0 || h.height <= 0) {
      throw new ImageRejectedException(h.format + " header declares an empty image (" + h.width + "x" + h.height + ")");
    }
    if (h.pixels() > maxPixels) {
      throw new ImageRejectedException("image is " + h.width + "x" + h.height + " = " + mpx(h.pixels())
          + " Mpx, over the limit of " + mpx(maxPixels) + " Mpx (anpr.maxPixels)");
    }
    // the size is reported first: it is the more useful message for a header-only bomb
    if (scanStart[0] >= 0 && !hasEndMarkerAfter(b, scanStart[0])) {
      throw new ImageRejectedException("JPEG is truncated: no end-of-image marker after the image data ("
          + b.length + " bytes)");
    }
    if (h.format.equals("PNG") && !containsAscii(b, Math.max(33, b.length - 64), "IEND")) {
      throw new ImageRejectedException("PNG is truncated: no IEND chunk at the end (" + b.length + " bytes)");
    }
    return h;
  }

  private static String mpx(long px) {
    double m = px / 1e6;
    return m >= 10 || m == Math.rint(m) ? Long.toString(Math.round(m)) : String.format("%.1f", m);
  }

  /** Walks the JPEG markers up to the start of the scan, reading the frame header on the way. */
  private static ImageHeader jpeg(byte[] b, int[] scanStart) throws ImageRejectedException {
    int i = 2;
    int width = -1;
    int height = -1;
    while (true) {
      while (i < b.length && (b[i] & 0xff) != 0xff) {
        i++;
      }
      while (i < b.length && (b[i] & 0xff) == 0xff) {
        i++;
      }
      if (i >= b.length) {
        throw new ImageRejectedException("JPEG is truncated: ends inside its header after " + b.length + " bytes");
      }
      int marker = b[i] & 0xff;
      i++;
      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        continue;
      }
      if (marker == 0xd9) {
        throw new ImageRejectedException("JPEG has no image data: end marker before the scan");
      }
      if (i + 2 > b.length) {
        throw new ImageRejectedException("JPEG is truncated: ends inside its header after " + b.length + " bytes");
      }
      int len = ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
      if (len < 2 || i + len > b.length) {
        throw new ImageRejectedException("JPEG is truncated or corrupt: segment 0x" + Integer.toHexString(marker)
            + " of " + len + " bytes at offset " + i + " runs past the end (" + b.length + " bytes)");
      }
      boolean sof = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
      if (sof) {
        if (len < 7) {
          throw new ImageRejectedException("JPEG frame header is corrupt");
        }
        height = ((b[i + 3] & 0xff) << 8) | (b[i + 4] & 0xff);
        width = ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff);
      }
      if (marker == 0xda) {
        if (width < 0) {
          throw new ImageRejectedException("JPEG is corrupt: scan before any frame header");
        }
        scanStart[0] = i + len;
        return new ImageHeader("JPEG", width, height);
      }
      i += len;
    }
  }

  /** Entropy-coded data escapes 0xFF, so an FFD9 after the scan start is the real end marker. */
  private static boolean hasEndMarkerAfter(byte[] b, int from) {
    for (int k = b.length - 2; k >= from; k--) {
      if ((b[k] & 0xff) == 0xff && (b[k + 1] & 0xff) == 0xd9) {
        return true;
      }
    }
    return false;
  }

  private static ImageHeader png(byte[] b) throws ImageRejectedException {
    if (b.length < 33 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
      throw new ImageRejectedException("PNG is truncated or corrupt: no IHDR chunk (" + b.length + " bytes)");
    }
    long w = readInt(b, 16) & 0xffffffffL;
    long h = readInt(b, 20) & 0xffffffffL;
    if (w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
      throw new ImageRejectedException("PNG header declares impossible dimensions " + w + "x" + h);
    }
    return new ImageHeader("PNG", (int) w, (int) h);
  }

  private static boolean containsAscii(byte[] b, int from, String s) {
    outer:
    for (int i = from; i + s.length() <= b.length; i++) {
      for (int k = 0; k < s.length(); k++) {
        if (b[i + k] != s.charAt(k)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
  }

  /** Other formats (BMP, GIF, ...): an ImageIO reader's dimensions come from the header without decoding. */
  private static ImageHeader other(byte[] b) throws ImageRejectedException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(b))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageRejectedException("not an image: unknown format (" + b.length + " bytes, starting "
            + hex(b) + ")");
      }
      ImageReader r = readers.next();
      try {
        r.setInput(in, true, true);
        return new ImageHeader(r.getFormatName().toUpperCase(), r.getWidth(0), r.getHeight(0));
      } finally {
        r.dispose();
      }
    } catch (IOException e) {
      throw new ImageRejectedException("image header is unreadable: " + e.getMessage(), e);
    }
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(8, b.length); i++) {
      s.append(String.format("%02x", b[i] & 0xff));
    }
    return s.toString();
  }
}
