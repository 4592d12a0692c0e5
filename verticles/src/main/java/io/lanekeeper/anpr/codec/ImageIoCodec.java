package io.lanekeeper.anpr.codec;

import io.lanekeeper.anpr.ImageRejectedException;
import io.lanekeeper.bus.Box;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Decodes with the JDK's ImageIO and resizes in plain Java; no native code, runs wherever Java runs. */
public final class ImageIoCodec implements ImageCodec {

  static {
    ImageIO.setUseCache(false);
  }

  @Override
  public String name() {
    return "imageio";
  }

  @Override
  public DecodedImage decode(byte[] encoded, ImageHeader header) throws ImageRejectedException {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(encoded));
    } catch (IOException | RuntimeException e) {
      throw new ImageRejectedException(header.format() + " could not be decoded: " + e.getMessage(), e);
    }
    if (img == null) {
      throw new ImageRejectedException(header.format() + " could not be decoded: no ImageIO reader accepted it");
    }
    return new RasterImage(toBgr(img));
  }

  private static BufferedImage toBgr(BufferedImage img) {
    if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return img;
    }
    BufferedImage bgr = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = bgr.createGraphics();
    try {
      g.drawImage(img, 0, 0, null);
    } finally {
      g.dispose();
    }
    return bgr;
  }

  private static final class RasterImage implements DecodedImage {
    private final BufferedImage img;
    private final byte[] px;

    RasterImage(BufferedImage img) {
      this.img = img;
      this.px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    @Override
    public int width() {
      return img.getWidth();
    }

    @Override
    public int height() {
      return img.getHeight();
    }

    @Override
    public void resizeRgbInto(int w, int h, float[] chw, int planeW, int planeH) {
      byte[] small = Pixels.resize(px, width(), 3, 0, 0, width(), height(), w, h);
      Pixels.bgrToRgbPlanes(small, w, h, chw, planeW, planeH);
    }

    @Override
    public float[] cropGrey(Box r, int w, int h) {
      byte[] small = Pixels.resize(px, width(), 3, r.x(), r.y(), r.w(), r.h(), w, h);
      float[] out = new float[w * h];
      for (int i = 0, p = 0; i < out.length; i++, p += 3) {
        out[i] = (0.114f * (small[p] & 0xff) + 0.587f * (small[p + 1] & 0xff) + 0.299f * (small[p + 2] & 0xff))
            / 255f;
      }
      return out;
    }

    @Override
    public byte[] cropJpeg(Box r, int quality) {
      BufferedImage sub = img.getSubimage(r.x(), r.y(), r.w(), r.h());
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality / 100f);
        writer.setOutput(out);
        writer.write(null, new IIOImage(sub, null, null), p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        writer.dispose();
      }
      return bytes.toByteArray();
    }

    @Override
    public void close() {
      // heap memory; nothing to release
    }
  }
}
