package io.lanekeeper.agent.anpr;

import io.lanekeeper.anpr.RecognizedPlate;
import io.lanekeeper.bus.Box;
import io.lanekeeper.plates.PlateProfiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The video written back with what the pipeline saw: each read's box and text on the frame it was read in (green
 * when the read is sure, amber when doubtful), the time, and a banner for each vehicle as it is decided, held for
 * {@link VideoCommand#BANNER}. Frames go to an ffmpeg that encodes them to H.264.
 */
final class VideoAnnotator implements AutoCloseable {

  private static final Color SURE = new Color(0x22, 0xc5, 0x5e);
  private static final Color DOUBTFUL = new Color(0xf5, 0x9e, 0x0b);
  private static final Color SHADE = new Color(0, 0, 0, 170);

  private final Path out;
  private final int fps;
  private final Process ffmpeg;
  private final OutputStream stdin;
  private final Ffmpeg.Tail errors;
  /** Vehicles decided in the last {@link VideoCommand#BANNER}: at most one per frame, so bounded by the fps. */
  private final Deque<Banner> banners = new ArrayDeque<>();
  private double now;
  private long written;

  private record Banner(double until, String text) {
  }

  private VideoAnnotator(Path out, int fps, Process ffmpeg) {
    this.out = out;
    this.fps = fps;
    this.ffmpeg = ffmpeg;
    this.stdin = ffmpeg.getOutputStream();
    this.errors = new Ffmpeg.Tail(ffmpeg.getErrorStream());
  }

  static VideoAnnotator open(Path out, int fps) throws IOException {
    Path dir = out.toAbsolutePath().getParent();
    if (dir != null && !java.nio.file.Files.isDirectory(dir)) {
      throw new IOException("no such folder for --annotated: " + dir);
    }
    return new VideoAnnotator(out, fps, Ffmpeg.encoder(out.toString(), fps));
  }

  /** A vehicle decided now: its banner shows from this frame on. */
  void decided(VideoCommand.Vehicle v) {
    banners.addLast(new Banner(now + VideoCommand.BANNER.toMillis() / 1000.0, String.format(Locale.ROOT,
        "#%d %s  %.2f  %d reads", v.n(), v.read().printed(),
        v.read().confidence(), v.read().nReads())));
  }

  /** Draws the frame's reads and the banners on the frame, and writes it to the video. */
  void frame(byte[] jpeg, double at, List<RecognizedPlate> plates, double sure) {
    now = at;
    while (!banners.isEmpty() && banners.peekFirst().until() < at) {
      banners.removeFirst();
    }
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(jpeg));
    } catch (IOException e) {
      img = null;
    }
    if (img == null) {
      return;   // a frame Java cannot decode is left out of the annotated video, as the engine left it out
    }
    BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.drawImage(img, 0, 0, null);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      int size = Math.max(14, rgb.getHeight() / 36);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
      g.setStroke(new BasicStroke(Math.max(2f, rgb.getHeight() / 360f)));
      for (RecognizedPlate p : plates) {
        Color c = p.confidence() >= sure ? SURE : DOUBTFUL;
        Box b = p.box();
        g.setColor(c);
        g.drawRect(b.x(), b.y(), b.w(), b.h());
        label(g, String.format(Locale.ROOT, "%s %.2f", PlateProfiles.builtIn().printed(p.format(), p.text()),
            p.confidence()), b.x(), Math.max(size + 4, b.y() - 4), c);
      }
      label(g, String.format(Locale.ROOT, "%.1f s", at), 8, size + 8, Color.WHITE);
      int y = rgb.getHeight() - 8;
      for (Banner banner : banners.reversed()) {
        label(g, banner.text(), 8, y, SURE);
        y -= size + 10;
      }
    } finally {
      g.dispose();
    }
    try {
      stdin.write(encode(rgb));
      written++;
    } catch (IOException e) {
      throw new IllegalStateException("ffmpeg stopped taking frames for " + out + ": " + e.getMessage(), e);
    }
  }

  private static void label(Graphics2D g, String text, int x, int baseline, Color color) {
    FontMetrics m = g.getFontMetrics();
    g.setColor(SHADE);
    g.fillRect(x - 3, baseline - m.getAscent() - 2, m.stringWidth(text) + 6, m.getAscent() + m.getDescent() + 4);
    g.setColor(color);
    g.drawString(text, x, baseline);
  }

  private static byte[] encode(BufferedImage img) throws IOException {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(bytes)) {
      w.setOutput(ios);
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(0.85f);
      w.write(null, new IIOImage(img, null, null), p);
    } finally {
      w.dispose();
    }
    return bytes.toByteArray();
  }

  /** Frames written so far. */
  long written() {
    return written;
  }

  @Override
  public void close() throws IOException {
    try {
      stdin.close();
      if (!ffmpeg.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
        ffmpeg.destroyForcibly();
        throw new IOException("ffmpeg did not finish writing " + out);
      }
      if (ffmpeg.exitValue() != 0) {
        throw new IOException("ffmpeg could not write " + out + ": " + errors.text());
      }
      if (written == 0) {
        throw new IOException("no frame to write to " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ffmpeg.destroyForcibly();
      throw new IOException("interrupted while writing " + out, e);
    }
  }

  @Override
  public String toString() {
    return out + " at " + fps + " frames/s";
  }
}
