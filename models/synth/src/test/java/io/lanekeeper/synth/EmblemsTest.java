package io.lanekeeper.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateTexts;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EmblemsTest {

  private static final int BACKGROUND = 0x808080;

  /** A one-row plate 520 x 110 mm with the given render object; rows box 60..510 x 20..90 mm. */
  private static PlateProfile profile(String renderJson) {
    return profile("xx", renderJson);
  }

  /** Ids differ where one renderer draws several: it keeps each id's style. */
  private static PlateProfile profile(String id, String renderJson) {
    return PlateProfile.fromJson(new JsonObject("""
        {"country": "DE", "sizeMm": [520, 110], "rows": [{"pattern": "LL~DDDD"}]}""")
        .put("id", id).put("render", new JsonObject(renderJson)));
  }

  private static String message(String renderJson) {
    try {
      PlateStyle.check(List.of(profile(renderJson)));
      return "accepted";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** Draws one emblem into a w x h box on grey; returns the image (box at 10, 10). */
  private static BufferedImage draw(PlateStyle.Emblem e, int w, int h, long seed) {
    BufferedImage img = new BufferedImage(w + 20, h + 20, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(BACKGROUND));
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    Emblems.draw(g, e, new double[] {10, 10, 10 + w, 10 + h}, Color.BLACK, null, new SplittableRandom(seed));
    g.dispose();
    return img;
  }

  private static PlateStyle.Emblem emblem(String type, List<Color> colors) {
    return new PlateStyle.Emblem(type, null, null, colors, 1, "h");
  }

  @Test
  @DisplayName("Shields, round stickers, flags and year stickers fill their box at 20-60 px, and stay inside it")
  void drawInTheirBox() {
    List<Color> tricolour = List.of(new Color(0x000000), new Color(0xdd0000), new Color(0xffce00));
    for (String type : List.of("shield", "round-sticker", "flag", "year-sticker")) {
      for (int size : new int[] {20, 40, 60}) {
        int w = type.equals("flag") || type.equals("year-sticker") ? size * 3 / 2 : size;
        for (long seed = 0; seed < 8; seed++) {
          BufferedImage img = draw(emblem(type, type.equals("flag") ? tricolour : List.of()), w, size, seed);
          int inside = Pixels.painted(img, BACKGROUND, 10, 10, 10 + w, 10 + size);
          int all = Pixels.painted(img, BACKGROUND, 0, 0, img.getWidth(), img.getHeight());
          assertThat(inside).as(type + " " + size + " px, seed " + seed).isGreaterThan(w * size / 3);
          // anti-aliased rims may spill half a pixel
          assertThat(all - inside).as(type + " outside its box").isLessThanOrEqualTo(2 * (w + size) / 3 + 4);
        }
      }
    }
  }

  @Test
  @DisplayName("Emblems vary from plate to plate: charges, crowns, numbers, colours")
  void vary() {
    for (String type : List.of("shield", "round-sticker", "year-sticker")) {
      Set<Integer> looks = new HashSet<>();
      for (long seed = 0; seed < 12; seed++) {
        BufferedImage img = draw(emblem(type, List.of()), 48, 48, seed);
        looks.add(java.util.Arrays.hashCode(img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0,
            img.getWidth())));
      }
      assertThat(looks).as(type).hasSizeGreaterThanOrEqualTo(10);
    }
    Set<String> lines = new HashSet<>();
    SplittableRandom rnd = new SplittableRandom(4);
    boolean digits = false;
    for (int i = 0; i < 200; i++) {
      String t = Emblems.dealerText(rnd);
      lines.add(t);
      digits |= t.matches(".*[0-9].*");
      assertThat(t).isNotBlank().doesNotContain(",");
    }
    assertThat(lines).hasSizeGreaterThan(150);
    assertThat(digits).as("dealer lettering carries digits too").isTrue();
  }

  @Test
  @DisplayName("A shield's colors are its field and charge; a flag's are its stripes, h or v")
  void colours() {
    BufferedImage s = draw(emblem("shield", List.of(new Color(0x00aa00), new Color(0x00aa00))), 40, 48, 1);
    assertThat(s.getRGB(30, 30) & 0xffffff).as("the middle of a one-colour shield").isEqualTo(0x00aa00);
    List<Color> nl = List.of(new Color(0xae1c28), new Color(0xffffff), new Color(0x21468b));
    BufferedImage h = draw(new PlateStyle.Emblem("flag", null, null, nl, 1, "h"), 60, 30, 1);
    assertThat(h.getRGB(40, 14) & 0xffffff).isEqualTo(0xae1c28);
    assertThat(h.getRGB(40, 34) & 0xffffff).isEqualTo(0x21468b);
    BufferedImage v = draw(new PlateStyle.Emblem("flag", null, null, nl, 1, "v"), 60, 30, 1);
    assertThat(v.getRGB(14, 25) & 0xffffff).isEqualTo(0xae1c28);
    assertThat(v.getRGB(65, 25) & 0xffffff).isEqualTo(0x21468b);
  }

  @Test
  @DisplayName("p is the share of plates that carry an emblem; a dealer frame covers the edge, not the characters")
  void probabilityAndFrame() {
    PlateStyle.Emblem e = new PlateStyle.Emblem("dealer-frame", new double[] {0, 0, 520, 110}, null, List.of(), 0.3,
        "h");
    SplittableRandom rnd = new SplittableRandom(9);
    int drawn = 0;
    for (int i = 0; i < 2000; i++) {
      drawn += e.drawn(rnd) ? 1 : 0;
    }
    assertThat(drawn).isBetween(500, 700);
    assertThat(e.drawn(null)).as("no random stream: always").isTrue();

    String base = """
        {"plate": {"color": "#f4f4f4"}, "text": {"fonts": ["DejaVuSansCondensed-Bold"]},
         "rows": [{"box": [60, 20, 510, 90]}], "glyphs": {"~": "de-seals"}""";
    PlateProfile plain = profile("plain", base + "}");
    PlateProfile framed = profile("framed",
        base + ", \"emblems\": [{\"type\": \"dealer-frame\", \"box\": [0, 0, 520, 110]}]}");
    PlateRenderer r = new PlateRenderer();
    for (long seed = 0; seed < 6; seed++) {
      PlateTexts.Printed text = PlateTexts.random(plain, new SplittableRandom(seed));
      BufferedImage a = r.render(plain, text, 520, new SplittableRandom(seed)).image();
      BufferedImage b = r.render(framed, text, 520, new SplittableRandom(seed)).image();
      assertThat(Pixels.diff(a, b, 60, 20, 510, 90)).as("the characters' box is untouched").isZero();
      assertThat(Pixels.diff(a, b, 0, 95, 520, 110)).as("the bottom bar").isGreaterThan(520 * 5);
    }
  }

  @Test
  @DisplayName("Glyph emblems may be objects with colours; they render in the character's cell")
  void glyphObjects() {
    PlateProfile p = profile("""
        {"plate": {"color": "#ffffff"}, "text": {"fonts": ["DejaVuSansCondensed-Bold"]},
         "rows": [{"box": [60, 20, 510, 90]}],
         "glyphs": {"~": {"type": "shield", "colors": ["#c8102e", "#ffffff"]}}}""");
    PlateStyle.Emblem e = PlateStyle.of(p).styles().get(0).glyphEmblems().get('~');
    assertThat(e.type()).isEqualTo("shield");
    assertThat(e.colors()).containsExactly(new Color(0xc8102e), new Color(0xffffff));
    BufferedImage img = new PlateRenderer().render(p, PlateTexts.random(p, new SplittableRandom(1)), 520,
        new SplittableRandom(1)).image();
    int red = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        red += (img.getRGB(x, y) & 0xffffff) == 0xc8102e ? 1 : 0;
      }
    }
    assertThat(red).as("the shield's red field").isGreaterThan(100);
  }

  @Test
  @DisplayName("Unknown emblems, bad colours, boxes, p and stripes are refused when the style is parsed")
  void refusesBadEmblems() {
    String ok = "{\"type\": \"eu-stars\", \"box\": [6, 10, 40, 48]}";
    assertThat(message("{\"emblems\": [" + ok + ", " + ok + ", {\"type\": \"sheild\", \"box\": [1, 1, 9, 9]}]}"))
        .startsWith("plate profile xx: render.emblems[2].type: unknown emblem 'sheild' (known: eu-stars, ")
        .contains("shield", "round-sticker", "flag", "dealer-frame", "year-sticker");
    assertThat(message("{\"emblems\": [{\"box\": [1, 1, 9, 9]}]}")).contains("render.emblems[0].type: missing");
    assertThat(message("{\"emblems\": [{\"type\": \"shield\", \"box\": [1, 1, 9, 9], \"colors\": [\"#c8102e\", "
        + "\"white\"]}]}")).isEqualTo("plate profile xx: render.emblems[0].colors[1]: colour must be #rrggbb, "
        + "got white");
    assertThat(message("{\"emblems\": [{\"type\": \"shield\", \"box\": [1, 1, 9, 9], \"color\": \"#fff\"}]}"))
        .contains("render.emblems[0].color: colour must be #rrggbb, got #fff");
    assertThat(message("{\"emblems\": [{\"type\": \"shield\", \"box\": [10, 1, 9, 9]}]}"))
        .contains("render.emblems[0].box must be [left, top, right, bottom] in mm within the plate's 520 x 110 mm");
    assertThat(message("{\"emblems\": [{\"type\": \"shield\", \"box\": [500, 1, 530, 9]}]}"))
        .contains("render.emblems[0].box");
    assertThat(message("{\"emblems\": [{\"type\": \"shield\", \"box\": [1, 1, 9]}]}"))
        .contains("render.emblems[0].box");
    assertThat(message("{\"emblems\": [{\"type\": \"shield\"}]}")).contains("render.emblems[0].box");
    assertThat(message("{\"emblems\": [{\"type\": \"flag\", \"box\": [1, 1, 9, 9]}]}"))
        .contains("render.emblems[0].colors: a flag needs its stripe colours");
    assertThat(message("{\"emblems\": [{\"type\": \"flag\", \"box\": [1, 1, 9, 9], \"colors\": [\"#000000\"], "
        + "\"stripes\": \"d\"}]}")).contains("render.emblems[0].stripes: \"h\" or \"v\", got d");
    assertThat(message("{\"emblems\": [{\"type\": \"dealer-frame\", \"box\": [0, 0, 520, 110], \"p\": 1.5}]}"))
        .contains("render.emblems[0].p: a probability from 0 to 1, got 1.5");
    assertThat(message("{\"glyphs\": {\"~\": \"sheild\"}}"))
        .startsWith("plate profile xx: render.glyphs.~.type: unknown emblem 'sheild'");
    assertThat(message("{\"glyphs\": {\"~\": {\"type\": \"shield\", \"colors\": [\"red\"]}}}"))
        .contains("render.glyphs.~.colors[0]: colour must be #rrggbb");
    assertThat(message("{\"glyphs\": {\"~\": \"dealer-frame\"}}")).contains("render.glyphs.~.type")
        .contains("render.emblems");
    assertThat(message("{\"rects\": [{\"box\": [1, 1, 9, 9], \"color\": \"blue\"}]}"))
        .contains("render.rects[0].color");
    assertThat(message("{\"variants\": [{\"weight\": 1}, {\"emblems\": [{\"type\": \"x\", \"box\": [1, 1, 9, 9]}]}]}"))
        .startsWith("plate profile xx (render.variants[1]): render.emblems[0].type: unknown emblem 'x'");
    assertThat(message("{\"emblems\": [{\"type\": \"flag\", \"box\": [1, 1, 9, 9], \"colors\": [\"#000000\"], "
        + "\"stripes\": \"v\", \"p\": 0.5}, {\"type\": \"round-sticker\", \"box\": [1, 1, 9, 9]}]}"))
        .isEqualTo("accepted");
  }
}
