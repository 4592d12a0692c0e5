package io.lanekeeper.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StrokeFontTest {

  private static final String CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  @Test
  @DisplayName("Every letter and digit of each constructed weight is ink from the baseline to the cap height")
  void everyGlyphSpansTheCapHeight() {
    for (String name : StrokeFont.NAMES.keySet()) {
      for (char c : CHARS.toCharArray()) {
        FontCatalog.Glyph g = StrokeFont.glyph(name, c);
        Rectangle2D b = g.bounds();
        assertThat(new Area(g.outline()).isEmpty()).as(name + " " + c).isFalse();
        assertThat(b.getMinY()).as(name + " " + c + " top").isCloseTo(-1.0, within(0.02));
        assertThat(b.getMaxY()).as(name + " " + c + " bottom").isBetween(-0.02, 0.12);   // Q's tail may dip
        if (name.startsWith(StrokeFont.FE) && (c == 'I' || c == '1')) {
          // a monospaced family's narrow glyphs stand inside their cell, not at its left edge
          assertThat(b.getMinX()).as(name + " " + c + " left").isGreaterThan(c == 'I' ? 0.1 : 0.02);
        } else {
          assertThat(b.getMinX()).as(name + " " + c + " left").isCloseTo(0.0, within(0.02));
        }
        assertThat(g.advance()).as(name + " " + c + " advance").isGreaterThan(b.getWidth() * 0.95);
      }
    }
  }

  @Test
  @DisplayName("A weight with tighter corners is the same weight, its rounded corners nearer square: more ink in O")
  void tighterCorners() {
    for (double f : StrokeFont.CORNER_FACTORS) {
      String name = StrokeFont.tighter("LK-PlateGothic-Bold", f);
      assertThat(StrokeFont.has(name)).as(name).isTrue();
      FontCatalog.Glyph o = StrokeFont.glyph(name, 'O');
      FontCatalog.Glyph own = StrokeFont.glyph("LK-PlateGothic-Bold", 'O');
      assertThat(o.advance()).isEqualTo(own.advance());
      assertThat(o.bounds()).isEqualTo(own.bounds());
      assertThat(area(o)).as(name).isGreaterThan(area(own));
    }
    assertThat(area(StrokeFont.glyph(StrokeFont.tighter("LK-PlateGothic-Bold", 0.35), 'O')))
        .isGreaterThan(area(StrokeFont.glyph(StrokeFont.tighter("LK-PlateGothic-Bold", 0.8), 'O')));
    assertThat(StrokeFont.has("no-such-font@0.5")).isFalse();
  }

  @Test
  @DisplayName("Other forms: a serifed I, a 1 on a foot, a deep M; named with the weight, every other glyph the same")
  void alternates() {
    for (String weight : StrokeFont.NAMES.keySet()) {
      String name = StrokeFont.withAlternates(weight, "IM1X");
      assertThat(name).isEqualTo(weight + "#IM1");
      assertThat(StrokeFont.has(name)).as(name).isTrue();
      assertThat(StrokeFont.alternates(name)).isEqualTo("IM1");
      assertThat(StrokeFont.withAlternates(name, "")).isEqualTo(weight);
      assertThat(StrokeFont.tighter(name, 0.5)).isEqualTo(StrokeFont.withAlternates(StrokeFont.tighter(weight, 0.5),
          "IM1"));
      FontCatalog.Glyph serifI = StrokeFont.glyph(name, 'I');
      FontCatalog.Glyph barI = StrokeFont.glyph(weight, 'I');
      // the serifs: wider at the cap line and the baseline than the stem is at mid-height
      assertThat(inkWidth(serifI, -0.97)).as(name + " I top").isGreaterThan(2 * inkWidth(serifI, -0.5));
      assertThat(inkWidth(serifI, -0.03)).as(name + " I bottom").isGreaterThan(2 * inkWidth(serifI, -0.5));
      assertThat(inkWidth(barI, -0.97)).as(weight + " I top").isCloseTo(inkWidth(barI, -0.5), within(0.02));
      FontCatalog.Glyph footed = StrokeFont.glyph(name, '1');
      assertThat(inkWidth(footed, -0.03)).as(name + " 1 foot").isGreaterThan(2 * inkWidth(footed, -0.5));
      assertThat(inkWidth(StrokeFont.glyph(weight, '1'), -0.03)).as(weight + " 1 without a foot")
          .isLessThan(2 * inkWidth(StrokeFont.glyph(weight, '1'), -0.5));
      // the deep M's middle reaches down near the baseline, the pointed one's stops at a third
      FontCatalog.Glyph deep = StrokeFont.glyph(name, 'M');
      FontCatalog.Glyph pointed = StrokeFont.glyph(weight, 'M');
      assertThat(new Area(deep.outline()).contains(deep.bounds().getCenterX(), -0.12)).as(name + " M").isTrue();
      assertThat(new Area(pointed.outline()).contains(pointed.bounds().getCenterX(), -0.12)).as(weight + " M")
          .isFalse();
      for (char c : CHARS.toCharArray()) {
        FontCatalog.Glyph g = StrokeFont.glyph(name, c);
        assertThat(g.bounds().getMinY()).as(name + " " + c + " top").isCloseTo(-1.0, within(0.02));
        assertThat(g.bounds().getMaxY()).as(name + " " + c + " bottom").isBetween(-0.02, 0.12);
        if ("IM1".indexOf(c) < 0) {
          FontCatalog.Glyph own = StrokeFont.glyph(weight, c);
          assertThat(g.bounds()).as(name + " " + c).isEqualTo(own.bounds());
          assertThat(area(g)).as(name + " " + c).isEqualTo(area(own));
        }
      }
    }
  }

  /** How much of a row of the glyph's box, at height {@code y}, is ink (in cap heights). */
  private static double inkWidth(FontCatalog.Glyph g, double y) {
    Area ink = new Area(g.outline());
    Rectangle2D b = g.bounds();
    int n = 400;
    int in = 0;
    for (int i = 0; i < n; i++) {
      in += ink.contains(b.getMinX() + (i + 0.5) * b.getWidth() / n, y) ? 1 : 0;
    }
    return in * b.getWidth() / n;
  }

  /** The glyph's ink, approximately (a flattened outline's polygon area). */
  private static double area(FontCatalog.Glyph g) {
    double sum = 0;
    double[] c = new double[6];
    double x0 = 0;
    double y0 = 0;
    double px = 0;
    double py = 0;
    for (java.awt.geom.PathIterator it = new Area(g.outline()).getPathIterator(null, 1e-4); !it.isDone(); it.next()) {
      int t = it.currentSegment(c);
      if (t == java.awt.geom.PathIterator.SEG_MOVETO) {
        x0 = c[0];
        y0 = c[1];
        px = c[0];
        py = c[1];
      } else if (t == java.awt.geom.PathIterator.SEG_LINETO) {
        sum += px * c[1] - c[0] * py;
        px = c[0];
        py = c[1];
      } else if (t == java.awt.geom.PathIterator.SEG_CLOSE) {
        sum += px * y0 - x0 * py;
        px = x0;
        py = y0;
      }
    }
    return Math.abs(sum) / 2;
  }

  @Test
  @DisplayName("O is a rectangle with four round corners, D keeps its left corners square, 0 is narrower than O")
  void oAndDDifferByTheirLeftCorners() {
    for (String name : StrokeFont.NAMES.keySet()) {
      double stroke = StrokeFont.NAMES.get(name)[0];
      Area o = new Area(StrokeFont.glyph(name, 'O').outline());
      Area d = new Area(StrokeFont.glyph(name, 'D').outline());
      double in = stroke * 0.25;   // just inside the ink box's top-left and bottom-left corners
      for (double[] p : List.of(new double[] {in, -1 + in}, new double[] {in, -in})) {
        assertThat(d.contains(p[0], p[1])).as(name + " D corner").isTrue();
        assertThat(o.contains(p[0], p[1])).as(name + " O corner").isFalse();
      }
      // the middle of the left stroke is ink in both
      assertThat(o.contains(stroke / 2, -0.5)).isTrue();
      assertThat(d.contains(stroke / 2, -0.5)).isTrue();
      assertThat(StrokeFont.glyph(name, '0').bounds().getWidth())
          .isLessThan(StrokeFont.glyph(name, 'O').bounds().getWidth());
    }
  }

  @Test
  @DisplayName("The FE family is monospaced and keeps 3 from 8, P from R and the letter O from the digit 0")
  void feFamilyKeepsLookAlikesApart() {
    for (String name : List.of("LK-PlateFE-Regular", "LK-PlateFE-Bold")) {
      double stroke = StrokeFont.NAMES.get(name)[0];
      double letter = StrokeFont.glyph(name, 'A').advance();
      double digit = StrokeFont.glyph(name, '0').advance();
      for (char c : CHARS.toCharArray()) {
        assertThat(StrokeFont.glyph(name, c).advance()).as(name + " " + c)
            .isCloseTo(Character.isDigit(c) ? digit : letter, within(1e-9));
      }
      assertThat(digit).isLessThan(letter);
      Area three = new Area(StrokeFont.glyph(name, '3').outline());
      Area eight = new Area(StrokeFont.glyph(name, '8').outline());
      Area gothicThree = new Area(StrokeFont.glyph("LK-PlateGothic-Bold", '3').outline());
      double in = stroke * 0.25;
      // the 3's top-left corner is ink (a flat top), the 8's and the gothic 3's are rounded away
      assertThat(three.contains(in, -1 + in)).as(name + " 3 corner").isTrue();
      assertThat(eight.contains(in, -1 + in)).as(name + " 8 corner").isFalse();
      assertThat(gothicThree.contains(in, -1 + in)).as("gothic 3 corner").isFalse();
      // the P's bowl stops short of the stem: just right of the stem at the bowl's foot is paper
      Area p = new Area(StrokeFont.glyph(name, 'P').outline());
      Area r = new Area(StrokeFont.glyph(name, 'R').outline());
      double footY = -(stroke / 2 + 0.44 * (1 - stroke));
      assertThat(p.contains(stroke * 1.2, footY)).as(name + " P foot").isFalse();
      assertThat(r.contains(stroke * 1.2, -(stroke / 2 + 0.5 * (1 - stroke)))).as(name + " R foot").isTrue();
      // the letter O is round: the middle of its top-left diagonal is paper in the 0 only where the 0 is square
      Area o = new Area(StrokeFont.glyph(name, 'O').outline());
      assertThat(o.contains(letter * 0.08, -0.92)).as(name + " O shoulder").isFalse();
    }
  }

  @Test
  @DisplayName("The font catalog offers the constructed weights without a font file and caches their glyphs")
  void catalogOffersConstructedFonts() {
    FontCatalog fonts = FontCatalog.installed();
    assertThat(fonts.available(List.of("LK-PlateGothic-Bold", "no-such-font"))).containsExactly("LK-PlateGothic-Bold");
    FontCatalog.Glyph a = fonts.glyph("LK-PlateGothic-Bold", 'Q');
    assertThat(fonts.glyph("LK-PlateGothic-Bold", 'Q')).isSameAs(a);
    assertThat(a.bounds().getWidth()).isGreaterThan(0.5);
  }
}
