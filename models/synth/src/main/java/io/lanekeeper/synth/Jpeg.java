package io.lanekeeper.synth;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** JPEG encoding at a chosen quality; one writer per thread since ImageWriter is not thread-safe. */
final class Jpeg {

  private static final ThreadLocal<ImageWriter> WRITER =
      ThreadLocal.withInitial(() -> ImageIO.getImageWritersByFormatName("jpeg").next());

  private Jpeg() {
  }

  static byte[] encode(BufferedImage img, float quality) {
    ImageWriter w = WRITER.get();
    ImageWriteParam param = w.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * 1024);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      w.setOutput(out);
      w.write(null, new IIOImage(bgr(img), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      w.reset();
    }
    return bytes.toByteArray();
  }

  /**
   * The writer converts int pixels row by row through the generic Raster API; handing it
   * interleaved bytes is markedly faster for small images.
   */
  private static BufferedImage bgr(BufferedImage img) {
    if (img.getType() != BufferedImage.TYPE_INT_RGB) {
      return img;
    }
    BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    int[] in = Effects.px(img);
    byte[] o = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
    for (int i = 0, j = 0; i < in.length; i++, j += 3) {
      int c = in[i];
      o[j] = (byte) c;
      o[j + 1] = (byte) (c >> 8);
      o[j + 2] = (byte) (c >> 16);
    }
    return out;
  }

  static void write(Path file, BufferedImage img, float quality) {
    try {
      Files.write(file, encode(img, quality));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
