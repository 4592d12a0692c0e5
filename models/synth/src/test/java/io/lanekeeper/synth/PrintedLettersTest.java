package io.lanekeeper.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateTexts;
import io.lanekeeper.plates.PlateTexts.Printed;
import io.lanekeeper.plates.PlateTexts.Token;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Letters outside A-Z as printed: German umlauts, Cyrillic; drawn as printed, read folded, never as a box. */
class PrintedLettersTest {

  /** Germany's two-letter district design with {@code MÜ} (Mühldorf) as its district; its own render, fixed. */
  static PlateProfile germanUmlaut() {
    return PlateProfile.fromJson(new JsonObject("""
        {"id": "de-mu", "country": "DE", "name": "test", "sizeMm": [520, 110],
         "rows": [{"pattern": "{city}~LL DDD"}], "choices": {"city": ["MÜ", "KÖ"]},
         "render": {"plate": {"color": "#f6f6f4"}, "border": {"widthMm": 2.5, "insetMm": 1.5, "color": "#141414"},
                    "text": {"color": "#111111", "fonts": ["OSP-DIN", "DejaVuSansCondensed-Bold"]},
                    "rows": [{"box": [52, 20, 510, 90]}], "rects": [{"box": [2, 2, 44, 108], "color": "#0a3d9c"}],
                    "emblems": [{"type": "eu-stars", "box": [6, 10, 40, 48]}], "glyphs": {"~": "de-seals"}}}"""));
  }

  /** A Ukrainian-like design: Cyrillic region and series letters, a font without Cyrillic listed first. */
  static PlateProfile cyrillic(JsonArray fonts) {
    JsonObject render = new JsonObject("""
        {"plate": {"color": "#ffffff"}, "rows": [{"box": [60, 20, 510, 90]}],
         "labels": [{"box": [10, 60, 45, 90], "texts": ["UA"], "color": "#ffffff"}]}""");
    return PlateProfile.fromJson(new JsonObject("""
        {"id": "cyr-test", "country": "UA", "name": "test", "sizeMm": [520, 110],
         "rows": [{"pattern": "{region} DDDD LL"}],
         "alphabet": {"L": "АВСЕНІКМОРТХ"}, "choices": {"region": ["АА", "КА", "ВС"]}}""")
        .put("render", render.put("text", new JsonObject().put("fonts", fonts))));
  }

  @Test
  @DisplayName("Random texts of printed profiles are folded to A-Z and digits; printed() keeps the letters")
  void textsFold() {
    SplittableRandom rnd = new SplittableRandom(7);
    PlateProfile de = germanUmlaut();
    PlateProfile ua = cyrillic(new JsonArray().add("OSP-DIN").add("DejaVuSansCondensed-Bold"));
    assertThat(de.slots().get(1)).isEqualTo("UO");
    for (int i = 0; i < 40; i++) {
      Printed t = PlateTexts.random(de, rnd);
      assertThat(t.text()).matches("(MU|KO)[A-Z]{2}[0-9]{3}");
      assertThat(t.printed()).matches("(MÜ|KÖ)[A-Z]{2}[0-9]{3}");
      Printed u = PlateTexts.random(ua, rnd);
      assertThat(u.text()).matches("(AA|KA|BC)[0-9]{4}[ABCEHIKMOPTX]{2}");
      assertThat(u.printed()).matches("(АА|КА|ВС)[0-9]{4}[АВСЕНІКМОРТХ]{2}");
    }
  }

  @Test
  @DisplayName("Ü is drawn with its dots: the plate differs from MU only above the letter, by a dot's worth of ink")
  void umlautDrawn() {
    PlateProfile de = germanUmlaut();
    PlateRenderer r = new PlateRenderer();
    BufferedImage mu = r.render(de, plate("MÜ", "AB", "123", "MUAB123"), 520, new SplittableRandom(3)).image();
    BufferedImage plain = r.render(de, plate("MU", "AB", "123", "MUAB123"), 520, new SplittableRandom(3)).image();
    // the row box is 20..90 mm at 1 px/mm: the dots sit above the cap line, the rest of the plate is the same
    int above = Pixels.diff(mu, plain, 0, 0, 520, 22);
    int below = Pixels.diff(mu, plain, 0, 22, 520, 110);
    assertThat(above).as("the dots above the U").isGreaterThan(20);
    assertThat(below).as("the rest of the U, and everything else, as without dots").isLessThan(above / 2 + 5);
  }

  @Test
  @DisplayName("Cyrillic letters render as their look-alike glyphs, from another font when the chosen one lacks them")
  void cyrillicDrawn() {
    PlateRenderer r = new PlateRenderer();
    // one font with Cyrillic: the Cyrillic plate draws like the Latin one (same outlines in DejaVu)
    PlateProfile dejavu = cyrillic(new JsonArray().add("DejaVuSansCondensed-Bold"));
    BufferedImage cyr = r.render(dejavu, plate("АВ", "1234", "СЕ", "AB1234CE"), 520, new SplittableRandom(1)).image();
    BufferedImage lat = r.render(dejavu, plate("AB", "1234", "CE", "AB1234CE"), 520, new SplittableRandom(1)).image();
    assertThat(Pixels.ink(cyr, 60, 20, 510, 90)).isGreaterThan(2000);
    assertThat(Pixels.diff(cyr, lat, 0, 0, 520, 110)).isLessThan(Pixels.ink(lat, 60, 20, 510, 90) / 20);
    // OSP-DIN has no Cyrillic: the letters come from the profile's next font, never as missing-glyph boxes
    PlateProfile din = cyrillic(new JsonArray().add("OSP-DIN").add("DejaVuSansCondensed-Bold"));
    FontCatalog fc = FontCatalog.installed();
    assertThat(fc.canDisplay("OSP-DIN", 'А')).isFalse();
    assertThat(fc.glyph("OSP-DIN", 'А', List.of("OSP-DIN", "DejaVuSansCondensed-Bold")))
        .isSameAs(fc.glyph("DejaVuSansCondensed-Bold", 'А'));
    assertThat(fc.glyph("OSP-DIN", 'Ж', List.of())).as("else DejaVuSans-Bold")
        .isSameAs(fc.glyph(FontCatalog.FALLBACK, 'Ж'));
    assertThat(fc.glyph("OSP-DIN", '\uE000', List.of()).outline().getBounds2D().isEmpty())
        .as("a character no font has is left blank").isTrue();
    assertThat(fc.glyph("LK-PlateGothic-Bold", 'Ü', List.of())).isSameAs(fc.glyph(FontCatalog.FALLBACK, 'Ü'));
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < 10; i++) {
      BufferedImage img = r.render(din, PlateTexts.random(din, rnd), 520, rnd).image();
      assertThat(Pixels.ink(img, 60, 20, 510, 90)).as("ink in the character area").isGreaterThan(2000);
    }
  }

  @Test
  @DisplayName("A profile none of whose fonts is installed is refused, naming the profile and the field")
  void missingFonts() {
    assertThatThrownBy(() -> PlateStyle.of(cyrillic(new JsonArray().add("NoSuchFont-Bold"))))
        .hasMessageContaining("plate profile cyr-test: render.text.fonts").hasMessageContaining("NoSuchFont-Bold");
    PlateProfile p = cyrillic(new JsonArray().add("DejaVuSansCondensed-Bold"));
    JsonObject render = p.render().copy();
    render.getJsonArray("labels").getJsonObject(0).put("fonts", new JsonArray().add("Nope"));
    PlateProfile badLabel = PlateProfile.fromJson(new JsonObject().put("id", "lab").put("country", "UA")
        .put("sizeMm", new JsonArray().add(520).add(110))
        .put("rows", new JsonArray().add(new JsonObject().put("pattern", "LL DDDD"))).put("render", render));
    assertThatThrownBy(() -> PlateStyle.of(badLabel)).hasMessageContaining("plate profile lab: render.labels[0].fonts");
  }

  /** One row: a choice, a glyph emblem, letters, a space, digits. */
  private static Printed plate(String choice, String letters, String digits, String text) {
    List<Token> row = new ArrayList<>();
    row.add(new Token(choice, true, false));
    row.add(new Token("~", false, true));
    letters.chars().forEach(c -> row.add(new Token(String.valueOf((char) c), false, false)));
    row.add(new Token(" ", false, true));
    digits.chars().forEach(c -> row.add(new Token(String.valueOf((char) c), false, false)));
    return new Printed(List.of(row), text);
  }
}
