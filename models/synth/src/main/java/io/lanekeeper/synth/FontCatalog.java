package io.lanekeeper.synth;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The font files installed on the machine, found by file name without extension
 * ({@code RobotoCondensed-Bold}), so that profiles name real files from Debian packages rather than
 * whatever family aliases fontconfig happens to resolve, and the project's own constructed plate typefaces
 * ({@link StrokeFont}, names beginning {@code LK-}). Glyph outlines are cached at unit size:
 * outlining a glyph costs far more than filling a cached path.
 *
 * <p>A font that lacks a character (OSP-DIN has no Cyrillic, no {@code Š}) never draws a missing-glyph box: the
 * character comes from the first of the profile's other fonts that has it, else from {@link #FALLBACK}.
 */
final class FontCatalog {

  private static final Logger LOG = LoggerFactory.getLogger(FontCatalog.class);
  private static final List<Path> ROOTS = List.of(Path.of("/usr/share/fonts"), Path.of("/usr/local/share/fonts"));
  private static final FontRenderContext FRC = new FontRenderContext(null, true, true);
  private static final float UNIT = 100f;
  /** The font of last resort for a character none of a profile's fonts has: wide coverage (Latin, Greek, Cyrillic). */
  static final String FALLBACK = "DejaVuSans-Bold";

  private static final class Holder {
    static final FontCatalog INSTANCE = scan();
  }

  private final Map<String, Path> files;
  private final Map<String, Font> loaded = new ConcurrentHashMap<>();
  private final Map<String, Glyph> glyphs = new ConcurrentHashMap<>();
  private final Map<String, Boolean> warned = new ConcurrentHashMap<>();
  private final Map<String, Boolean> displayable = new ConcurrentHashMap<>();

  private FontCatalog(Map<String, Path> files) {
    this.files = files;
  }

  /** A catalogue of these font files, by name without extension (tests: a machine with only these installed). */
  static FontCatalog of(Map<String, Path> files) {
    return new FontCatalog(Map.copyOf(files));
  }

  static FontCatalog installed() {
    return Holder.INSTANCE;
  }

  /** A glyph outline at unit cap height: the letter H of its font is 1.0 tall, baseline at 0. */
  record Glyph(Shape outline, Rectangle2D bounds, double advance) {
  }

  /** The subset of {@code names} that is installed, in order (a missing one is warned about once); may be empty. */
  List<String> available(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      if (files.containsKey(n) || StrokeFont.has(n)) {
        out.add(n);
      } else if (warned.putIfAbsent(n, Boolean.TRUE) == null) {
        LOG.warn("font {} is not installed under {}; skipping it", n, ROOTS);
      }
    }
    return out;
  }

  /**
   * The fonts of {@code names} that are not installed, sorted, each once: a profile that names one draws in its
   * other fonts, so a draw made here differs from one of the same options on a machine that has them.
   */
  List<String> missing(java.util.Collection<String> names) {
    return names.stream().filter(n -> !files.containsKey(n) && !StrokeFont.has(n)).distinct().sorted().toList();
  }

  /** Where fonts are looked for, for messages. */
  static String roots() {
    return ROOTS.toString();
  }

  /** The glyph of {@code c} in the named font, whether or not the font has it (then it may be a blank or a box). */
  Glyph glyph(String fontName, char c) {
    return glyphs.computeIfAbsent(fontName + '\u0000' + c,
        k -> StrokeFont.has(fontName) ? StrokeFont.glyph(fontName, c) : outline(font(fontName), c));
  }

  /**
   * The glyph of {@code c} in {@code fontName} when that font has it, else in the first of {@code others} that has
   * it, else in {@link #FALLBACK}; a character no font has is left blank rather than drawn as a box.
   */
  Glyph glyph(String fontName, char c, List<String> others) {
    if (canDisplay(fontName, c)) {
      return glyph(fontName, c);
    }
    for (String o : others) {
      if (canDisplay(o, c)) {
        return glyph(o, c);
      }
    }
    if (canDisplay(FALLBACK, c)) {
      return glyph(FALLBACK, c);
    }
    if (warned.putIfAbsent("char " + c, Boolean.TRUE) == null) {
      LOG.warn("no font has the character '{}' (U+{}); it is left blank", c, Integer.toHexString(c));
    }
    Glyph space = glyph(fontName, ' ');
    return new Glyph(new Path2D.Double(), space.bounds(), space.advance());
  }

  /** Whether the named font draws {@code c} (a space always counts). */
  boolean canDisplay(String fontName, char c) {
    if (Character.isWhitespace(c)) {
      return true;
    }
    return displayable.computeIfAbsent(fontName + '\u0000' + c, k -> StrokeFont.has(fontName)
        ? StrokeFont.canDisplay(c) : font(fontName).canDisplay(c));
  }

  private Glyph outline(Font f, char c) {
    double capHeight = capHeight(f);
    GlyphVector gv = f.createGlyphVector(FRC, String.valueOf(c));
    AffineTransform unit = AffineTransform.getScaleInstance(1 / capHeight, 1 / capHeight);
    Shape s = unit.createTransformedShape(gv.getGlyphOutline(0));
    return new Glyph(s, s.getBounds2D(), gv.getGlyphMetrics(0).getAdvance() / capHeight);
  }

  private double capHeight(Font f) {
    GlyphVector gv = f.createGlyphVector(FRC, "H");
    return gv.getGlyphOutline(0).getBounds2D().getHeight();
  }

  private Font font(String name) {
    return loaded.computeIfAbsent(name, n -> {
      Path p = files.get(n);
      if (p == null) {
        return new Font(Font.SANS_SERIF, Font.BOLD, (int) UNIT);
      }
      try {
        return Font.createFont(Font.TRUETYPE_FONT, p.toFile()).deriveFont(UNIT);
      } catch (FontFormatException | IOException e) {
        LOG.warn("font file {} cannot be read ({}); using SansSerif bold", p, e.getMessage());
        return new Font(Font.SANS_SERIF, Font.BOLD, (int) UNIT);
      }
    });
  }

  private static FontCatalog scan() {
    Map<String, Path> files = new HashMap<>();
    for (Path root : ROOTS) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(root)) {
        s.filter(p -> {
          String n = p.getFileName().toString().toLowerCase();
          return n.endsWith(".ttf") || n.endsWith(".otf");
        }).forEach(p -> {
          String n = p.getFileName().toString();
          files.putIfAbsent(n.substring(0, n.lastIndexOf('.')), p);
        });
      } catch (IOException e) {
        LOG.warn("cannot list fonts under {}: {}", root, e.getMessage());
      }
    }
    return new FontCatalog(files);
  }
}
