package io.lanekeeper.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateProfiles;
import io.lanekeeper.plates.PlateTexts;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EuropeProfilesTest {

  /** Every country the European profiles cover: the EU, the rest of the EEA, and the rest of Europe asked for. */
  private static final List<String> COUNTRIES = List.of(
      "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
      "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
      "IS", "LI", "NO",
      "GB", "CH", "AL", "BA", "ME", "MK", "RS", "XK", "UA", "TR", "MD", "RU", "GE", "AM", "AZ");

  /** The two-row (square or motorcycle) designs: one per country that issues them. */
  private static final List<String> TWO_ROW = List.of(
      "at-2", "be-2", "bg-2", "ch-2", "cz-2", "de-sq", "dk-2", "es-2", "fi-2", "fr-2", "gb-2", "gr-2", "hu-2",
      "ie-2", "is-2", "it-2", "lt-2", "lv-2", "nl-2", "no-2", "pl-2", "pt-2", "ro-2", "ru-2", "se-2", "si-2", "sk-2");

  private static List<PlateProfile> european() {
    List<String> europe = PlateProfiles.builtIn().region("EUROPE");
    return PlateProfiles.builtIn().all().stream().filter(p -> europe.contains(p.country())).toList();
  }

  @Test
  @DisplayName("Every European country asked for is selectable, by itself and through the EUROPE region")
  void everyCountrySelectable() {
    PlateProfiles all = PlateProfiles.builtIn();
    for (String c : COUNTRIES) {
      assertThat(all.select(List.of(c))).as(c).isNotEmpty().allMatch(p -> p.country().equals(c));
      assertThat(all.region("EUROPE")).as(c + " in EUROPE").contains(c);
    }
    assertThat(all.select(List.of("UK"))).as("UK is GB").isNotEmpty().allMatch(p -> p.country().equals("GB"));
    assertThat(all.select(List.of("EL"))).as("EL is GR").isNotEmpty().allMatch(p -> p.country().equals("GR"));
  }

  @Test
  @DisplayName("The two-row designs have two rows, one-row designs one; a two-row plate is not wider than 2:1")
  void twoRowDesigns() {
    PlateProfiles all = PlateProfiles.builtIn();
    for (String id : TWO_ROW) {
      PlateProfile p = all.get(id);
      assertThat(p).as(id).isNotNull();
      assertThat(p.rowPatterns()).as(id).hasSize(2);
      assertThat(p.widthMm() / p.heightMm()).as(id + " aspect").isLessThan(2.0);
      assertThat(p.render().getJsonArray("rows")).as(id + " row boxes").hasSize(2);
    }
    for (PlateProfile p : european()) {
      assertThat(p.rowPatterns().size()).as(p.id()).isBetween(1, 2);
      if (p.rowPatterns().size() == 1) {
        assertThat(p.widthMm() / p.heightMm()).as(p.id() + " one-row aspect").isGreaterThan(3.0);
      }
    }
  }

  @Test
  @DisplayName("Every European profile's country is in the EUROPE region; texts read at most 10 characters")
  void inEuropeAndShort() {
    List<String> europe = PlateProfiles.builtIn().region("EUROPE");
    assertThat(european()).hasSizeGreaterThanOrEqualTo(COUNTRIES.size() + TWO_ROW.size());
    for (String c : COUNTRIES) {
      assertThat(europe).contains(c);
    }
    for (PlateProfile p : PlateProfiles.builtIn().select(COUNTRIES)) {
      assertThat(europe).as(p.id()).contains(p.country());
      assertThat(p.length()).as(p.id()).isBetween(4, 10);
    }
  }

  @Test
  @DisplayName("Printed letters outside A-Z are read as their Latin look-alikes (Cyrillic, Greek, Ö, Š)")
  void printedLettersFold() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (String id : List.of("ua", "bg", "bg-1", "gr", "gr-2", "rs", "me", "de-2", "de-3", "ru", "ru-3", "ru-2")) {
      PlateProfile p = PlateProfiles.builtIn().get(id);
      assertThat(p).as(id).isNotNull();
      for (int n = 0; n < 40; n++) {
        assertThat(PlateTexts.random(p, rnd).text()).as(id).matches("[A-Z0-9]{4,10}");
      }
    }
  }

  @Test
  @DisplayName("Russia's plates read as the Latin look-alikes of its 12 Cyrillic letters, with the region after")
  void russianLetters() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int n = 0; n < 200; n++) {
      assertThat(PlateTexts.random(PlateProfiles.builtIn().get("ru"), rnd).text())
          .matches("[ABEKMHOPCTYX][0-9]{3}[ABEKMHOPCTYX]{2}[0-9]{2}");
      assertThat(PlateTexts.random(PlateProfiles.builtIn().get("ru-3"), rnd).text())
          .matches("[ABEKMHOPCTYX][0-9]{3}[ABEKMHOPCTYX]{2}[0-9]{3}");
    }
  }
}
