package io.lanekeeper.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scene backgrounds: procedural streets, or images found recursively in a folder. A folder image
 * with a Pascal VOC {@code .xml} beside it brings its boxes along: those are real plates, kept as
 * labels with unknown text and never painted over.
 */
final class Backgrounds {

  private static final Logger LOG = LoggerFactory.getLogger(Backgrounds.class);
  private static final Pattern BOX = Pattern.compile(
      "<xmin>([-0-9.]+)</xmin>\\s*<ymin>([-0-9.]+)</ymin>\\s*<xmax>([-0-9.]+)</xmax>\\s*<ymax>([-0-9.]+)</ymax>");
  private static final int[][] SIZES = {{1280, 720}, {1280, 720}, {1920, 1080}, {1280, 1280}, {640, 480}, {1280, 960}};
  private static final int[] WIDTHS = {640, 1280, 1280, 1280, 1920};

  private static final int PATCH_SOURCES = 64;

  private final List<Path> files;
  private final java.util.Map<Integer, BufferedImage> patchSources = new java.util.concurrent.ConcurrentHashMap<>();

  private Backgrounds(List<Path> files) {
    this.files = files;
  }

  boolean hasImages() {
    return !files.isEmpty();
  }

  /**
   * Fills {@code canvas} with a random region of one of a fixed few folder images (kept decoded,
   * small): crops are too cheap to decode a frame for each.
   */
  void patch(BufferedImage canvas, RandomGenerator rnd) {
    int n = Math.min(PATCH_SOURCES, files.size());
    int k = rnd.nextInt(n);
    BufferedImage src = patchSources.computeIfAbsent(k, i -> {
      // its own stream: which thread loads an image first must not change anyone's samples
      return load(files.get((int) ((long) i * files.size() / n)), 640, new java.util.SplittableRandom(i)).image();
    });
    double scale = 0.3 + rnd.nextDouble() * 1.2;
    int sw = Math.max(2, Math.min(src.getWidth(), (int) (canvas.getWidth() * scale)));
    int sh = Math.max(2, Math.min(src.getHeight(), (int) (canvas.getHeight() * scale)));
    int sx = rnd.nextInt(src.getWidth() - sw + 1);
    int sy = rnd.nextInt(src.getHeight() - sh + 1);
    java.awt.Graphics2D g = canvas.createGraphics();
    try {
      g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
          java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(src, 0, 0, canvas.getWidth(), canvas.getHeight(), sx, sy, sx + sw, sy + sh, null);
    } finally {
      g.dispose();
    }
  }

  /** A background and the boxes (x, y, w, h) of real plates already in it. */
  record Frame(BufferedImage image, List<int[]> boxes) {
  }

  static Backgrounds of(Path dir) {
    if (dir == null) {
      return new Backgrounds(List.of());
    }
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> files = s.filter(p -> {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
      }).sorted().toList();
      if (files.isEmpty()) {
        throw new IllegalArgumentException("--backgrounds: no jpg or png images under " + dir);
      }
      return new Backgrounds(files);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /**
   * A background of exactly {@code size} (width, height) px: procedural streets painted at that size, or a folder
   * image scaled to cover it and cut at a random place, its VOC boxes moved with it; null size is {@link #next}.
   */
  Frame next(RandomGenerator rnd, int[] size) {
    if (size == null) {
      return next(rnd);
    }
    if (files.isEmpty() || rnd.nextDouble() < 0.3) {
      BufferedImage img = Effects.rgb(size[0], size[1]);
      Streets.paint(img, rnd);
      return new Frame(img, List.of());
    }
    Frame src = load(files.get(rnd.nextInt(files.size())), 0, rnd);
    int w = src.image().getWidth();
    int h = src.image().getHeight();
    double k = Math.max((double) size[0] / w, (double) size[1] / h);
    int sw = Math.max(size[0], (int) Math.ceil(w * k));
    int sh = Math.max(size[1], (int) Math.ceil(h * k));
    BufferedImage scaled = sw == w && sh == h ? src.image() : Resample.resize(src.image(), sw, sh);
    int ox = rnd.nextInt(sw - size[0] + 1);
    int oy = rnd.nextInt(sh - size[1] + 1);
    List<int[]> boxes = new ArrayList<>();
    for (int[] b : src.boxes()) {
      int x0 = clamp((int) Math.floor(b[0] * k) - ox, size[0]);
      int y0 = clamp((int) Math.floor(b[1] * k) - oy, size[1]);
      int x1 = clamp((int) Math.ceil((b[0] + b[2]) * k) - ox, size[0]);
      int y1 = clamp((int) Math.ceil((b[1] + b[3]) * k) - oy, size[1]);
      if (x1 - x0 >= 2 && y1 - y0 >= 2) {
        boxes.add(new int[] {x0, y0, x1 - x0, y1 - y0});
      }
    }
    return new Frame(Resample.crop(scaled, ox, oy, size[0], size[1]), boxes);
  }

  Frame next(RandomGenerator rnd) {
    if (files.isEmpty() || rnd.nextDouble() < 0.3) {
      int[] size = SIZES[rnd.nextInt(SIZES.length)];
      BufferedImage img = Effects.rgb(size[0], size[1]);
      Streets.paint(img, rnd);
      return new Frame(img, List.of());
    }
    Path f = files.get(rnd.nextInt(files.size()));
    return load(f, WIDTHS[rnd.nextInt(WIDTHS.length)], rnd);
  }

  /** An image of the folder scaled to {@code width} px wide (0: as it is), with its VOC boxes. */
  private Frame load(Path f, int width, RandomGenerator rnd) {
    BufferedImage src;
    try {
      src = ImageIO.read(f.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read background " + f, e);
    }
    if (src == null) {
      LOG.warn("background {} is not a readable image; using a procedural one", f);
      BufferedImage img = Effects.rgb(1280, 720);
      Streets.paint(img, rnd);
      return new Frame(img, List.of());
    }
    BufferedImage rgb = Effects.rgb(src.getWidth(), src.getHeight());
    rgb.createGraphics().drawImage(src, 0, 0, null);
    int wide = width > 0 ? width : src.getWidth();
    double k = (double) wide / src.getWidth();
    int h = (int) Math.round(src.getHeight() * k);
    BufferedImage img = Math.abs(k - 1) < 1e-3 ? rgb : Resample.resize(rgb, wide, h);
    List<int[]> boxes = new ArrayList<>();
    for (double[] b : vocBoxes(f)) {
      int x0 = clamp((int) Math.floor(b[0] * k), wide);
      int y0 = clamp((int) Math.floor(b[1] * k), h);
      int x1 = clamp((int) Math.ceil(b[2] * k), wide);
      int y1 = clamp((int) Math.ceil(b[3] * k), h);
      if (x1 - x0 >= 2 && y1 - y0 >= 2) {
        boxes.add(new int[] {x0, y0, x1 - x0, y1 - y0});
      }
    }
    return new Frame(img, boxes);
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(max, v));
  }

  static List<double[]> vocBoxes(Path image) {
    String n = image.getFileName().toString();
    Path xml = image.resolveSibling(n.substring(0, n.lastIndexOf('.')) + ".xml");
    List<double[]> out = new ArrayList<>();
    if (!Files.isRegularFile(xml)) {
      return out;
    }
    try {
      Matcher m = BOX.matcher(Files.readString(xml));
      while (m.find()) {
        out.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
            Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4))});
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + xml, e);
    }
    return out;
  }
}
