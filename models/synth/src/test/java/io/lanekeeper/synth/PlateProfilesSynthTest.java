package io.lanekeeper.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateProfiles;
import io.lanekeeper.plates.PlateTexts;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlateProfilesSynthTest {

  @Test
  @DisplayName("Every profile in index.json loads, and its random texts fit the slots of one of its variants, the "
      + "variant of the most texts drawn")
  void textsFitSlots() {
    assertThat(PlateProfiles.builtIn().all()).hasSizeGreaterThanOrEqualTo(15);
    SplittableRandom rnd = new SplittableRandom(1);
    for (PlateProfile p : PlateProfiles.builtIn().all()) {
      List<List<String>> variants = p.variants().stream()
          .map(rows -> rows.stream().flatMap(r -> p.rowSlots(r).stream()).toList()).toList();
      java.util.Set<Integer> drawn = new java.util.HashSet<>();
      for (int n = 0; n < 50 * variants.size(); n++) {
        String text = PlateTexts.random(p, rnd).text();
        int v = 0;
        while (v < variants.size() && !fits(text, variants.get(v))) {
          v++;
        }
        if (v == variants.size() && p.vanity() != null) {
          assertThat(text).as(p.id() + " vanity")
              .matches("[A-Z0-9]{" + p.vanity().min() + "," + p.vanity().max() + "}");
          continue;
        }
        assertThat(v).as(p.id() + ": " + text + " fits no variant").isLessThan(variants.size());
        assertThat(text).as(p.id()).matches("[A-Z0-9]+");
        assertThat(text.length()).as(p.id() + " fits the OCR's 10 slots").isLessThanOrEqualTo(10);
        drawn.add(v);
      }
      if (variants.size() > 1) {   // each variant as likely as the texts it prints: the one of the most is drawn
        int most = 0;
        for (int v = 1; v < variants.size(); v++) {
          if (PlateTexts.texts(p, p.variants().get(v)) > PlateTexts.texts(p, p.variants().get(most))) {
            most = v;
          }
        }
        assertThat(drawn).as(p.id() + " variant of the most texts drawn").contains(most);
      }
    }
  }

  @Test
  @DisplayName("A profile's variants are drawn as often as the texts they print: Abu Dhabi's numbers are mostly five"
      + " digits")
  void variantsDrawnAsIssued() {
    PlateProfile az = PlateProfiles.builtIn().get("ae-az");
    SplittableRandom rnd = new SplittableRandom(3);
    int n = 4000;
    int[] digits = new int[8];
    for (int i = 0; i < n; i++) {
      String text = PlateTexts.random(az, rnd).text();
      assertThat(text).matches("(1[0-9]|2[01]|50)[1-9][0-9]{0,4}");
      digits[text.length() - 2]++;   // the number after the two-digit category
    }
    // the number: 1 to 99999, 90,000 of them five digits; drawn evenly, a fifth would be
    assertThat(digits[5] / (double) n).isGreaterThan(0.85);
    assertThat((digits[1] + digits[2]) / (double) n).as("one or two digits: 99 numbers of 99,999").isLessThan(0.02);
    // --lengths even: each variant as often as another (here one per length), for a draw that must hold short plates
    int[] even = new int[8];
    for (int i = 0; i < n; i++) {
      even[PlateTexts.random(az, rnd, true).text().length() - 2]++;
    }
    for (int k = 1; k <= 5; k++) {
      assertThat(even[k] / (double) n).as(k + " digits, evenly")
          .isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.03));
    }
  }

  private static boolean fits(String text, List<String> slots) {
    if (text.length() != slots.size()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (slots.get(i).indexOf(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  @Test
  @DisplayName("Every profile renders at its aspect ratio, with every variant style")
  void everyProfileRenders() {
    PlateRenderer r = new PlateRenderer();
    SplittableRandom rnd = new SplittableRandom(2);
    for (PlateProfile p : PlateProfiles.builtIn().all()) {
      for (int n = 0; n < 4; n++) {
        PlateRenderer.Rendered out = r.render(p, PlateTexts.random(p, rnd), 240, rnd);
        assertThat(out.image().getWidth()).isEqualTo(240);
        assertThat(out.image().getHeight()).as(p.id())
            .isCloseTo((int) Math.round(240 * p.heightMm() / p.widthMm()), org.assertj.core.data.Offset.offset(1));
      }
    }
  }

  @Test
  @DisplayName("Country selections name the required formats")
  void countriesPresent() {
    for (String c : List.of("BR", "LK", "US", "HR", "RO", "DE")) {
      assertThat(PlateProfiles.builtIn().select(List.of(c))).as(c).isNotEmpty();
    }
    assertThat(PlateProfiles.builtIn().select(List.of("US"))).hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  @DisplayName("Regions and aliases select their countries' profiles; an unknown name says what is known")
  void regions() {
    PlateProfiles all = PlateProfiles.builtIn();
    assertThat(all.select(List.of("EU"))).extracting(PlateProfile::country).contains("DE", "HR", "RO")
        .doesNotContain("US", "BR");
    assertThat(all.select(List.of("europe"))).containsAll(all.select(List.of("EU")));
    assertThat(all.region("EEA")).contains("DE", "NO", "IS").doesNotContain("GB");
    assertThat(all.country("UK")).isEqualTo("GB");
    assertThat(all.select(List.of("LATAM"))).extracting(PlateProfile::country).contains("BR");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> all.select(List.of("ZZ"))))
        .hasMessageContaining("'ZZ'").hasMessageContaining("EU");
  }
}
