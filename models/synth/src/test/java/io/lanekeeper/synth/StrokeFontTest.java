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
        assertThat(b.getMinX()).as(name + " " + c + " left").isCloseTo(0.0, within(0.02));
        assertThat(g.advance()).as(name + " " + c + " advance").isGreaterThan(b.getWidth() * 0.95);
      }
    }
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
  @DisplayName("The font catalog offers the constructed weights without a font file and caches their glyphs")
  void catalogOffersConstructedFonts() {
    FontCatalog fonts = FontCatalog.installed();
    assertThat(fonts.available(List.of("LK-PlateGothic-Bold", "no-such-font"))).containsExactly("LK-PlateGothic-Bold");
    FontCatalog.Glyph a = fonts.glyph("LK-PlateGothic-Bold", 'Q');
    assertThat(fonts.glyph("LK-PlateGothic-Bold", 'Q')).isSameAs(a);
    assertThat(a.bounds().getWidth()).isGreaterThan(0.5);
  }
}
