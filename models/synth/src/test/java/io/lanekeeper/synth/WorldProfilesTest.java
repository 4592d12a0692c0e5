package io.lanekeeper.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateProfiles;
import io.lanekeeper.plates.PlateTexts;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Latin American, Asian and Oceanian plate profiles. */
class WorldProfilesTest {

  private static final PlateProfiles ALL = PlateProfiles.builtIn();

  @Test
  @DisplayName("Every Latin American, Asian and Oceanian country asked for is selectable")
  void countriesSelectable() {
    for (String c : List.of("BR", "AR", "MX", "CL", "CO", "UY", "PY", "PE", "LK", "IN", "AU", "NZ", "PH", "SG", "VN",
        "KZ", "UZ", "AE", "SA", "IL", "TW")) {
      assertThat(ALL.select(List.of(c))).as(c).isNotEmpty().allMatch(p -> p.country().equals(c));
    }
    assertThat(ALL.select(List.of("LATAM"))).extracting(PlateProfile::country)
        .contains("BR", "AR", "MX", "CL", "CO", "UY", "PY", "PE");
    assertThat(ALL.select(List.of("ASIA"))).extracting(PlateProfile::country)
        .contains("LK", "IN", "PH", "SG", "VN", "KZ", "UZ", "AE", "SA", "IL", "TW");
    assertThat(ALL.select(List.of("OCEANIA"))).extracting(PlateProfile::country).contains("AU", "NZ");
  }

  @Test
  @DisplayName("Every Australian state and territory has its profile, with vanity plates")
  void australianStates() {
    for (String s : List.of("nsw", "vic", "qld", "wa", "sa", "tas", "act", "nt")) {
      PlateProfile p = ALL.get("au-" + s);
      assertThat(p).as("au-" + s).isNotNull();
      assertThat(p.country()).isEqualTo("AU");
      assertThat(p.vanity()).as("au-" + s + " vanity").isNotNull();
      assertThat(p.vanity().max()).isBetween(6, 8);
    }
    assertThat(ALL.select(List.of("AU"))).hasSizeGreaterThanOrEqualTo(8);
  }

  @Test
  @DisplayName("Two-row designs have two rows; the Argentine and Brazilian designs both exist")
  void designs() {
    for (String id : List.of("br-moto", "ar-moto", "in-2", "lk-moto", "lk-moto-2023", "sg-2", "vn-2", "vn-moto")) {
      assertThat(ALL.get(id).rowPatterns()).as(id).hasSize(2);
    }
    assertThat(ALL.select(List.of("AR"))).extracting(PlateProfile::id).contains("ar-old", "ar-mercosur");
    assertThat(ALL.select(List.of("BR"))).extracting(PlateProfile::id).contains("br-old", "br-mercosur", "br-moto");
    assertThat(ALL.select(List.of("CL"))).extracting(PlateProfile::id).contains("cl", "cl-old");
  }

  @Test
  @DisplayName("Texts follow the national rules: Indian state codes, Chilean consonants, Mexican series; Saudi "
      + "Latin letters, Singapore's S series and checksum letter, Vietnam's 20 letters, Taiwan without 4, Israel's "
      + "digits")
  void nationalRules() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 200; i++) {
      assertThat(PlateTexts.random(ALL.get("in"), rnd).text()).matches("[A-Z]{2}[0-9]{2}[A-HJ-NP-Z]{2}[0-9]{4}");
      assertThat(PlateTexts.random(ALL.get("in-bh"), rnd).text()).matches("2[1-5]BH[0-9]{4}[A-HJ-NP-Z]{2}");
      assertThat(PlateTexts.random(ALL.get("cl"), rnd).text()).matches("[BCDFGHJKLPRSTVWXYZ]{4}[0-9]{2}");
      assertThat(PlateTexts.random(ALL.get("ar-mercosur"), rnd).text()).matches("[A-Z]{2}[0-9]{3}[A-Z]{2}");
      assertThat(PlateTexts.random(ALL.get("mx"), rnd).text()).matches("[A-HJ-NPR-Z]{3}[0-9]{4}");
      assertThat(PlateTexts.random(ALL.get("uy"), rnd).text()).matches("[A-S][A-Z]{2}[0-9]{4}");
      assertThat(PlateTexts.random(ALL.get("sa"), rnd).text()).matches("[0-9]{4}[ABJDRSXTEGKLZNHUV]{3}");
      assertThat(PlateTexts.random(ALL.get("sg"), rnd).text())
          .matches("S[B-HJ-N][A-HJ-NP-Z][1-9][0-9]{0,3}[A-EGHJ-MPR-UX-Z]");
      for (String sg : new String[] {"sg", "sg-2"}) {
        String text = PlateTexts.random(ALL.get(sg), rnd).text();
        assertThat(io.lanekeeper.plates.PlateCheck.SG.valid(text)).as(sg + " " + text + "'s checksum letter").isTrue();
      }
      assertThat(PlateTexts.random(ALL.get("vn"), rnd).text()).matches("[0-9]{2}[A-HK-NPS-VXYZ][0-9]{5}");
      assertThat(PlateTexts.random(ALL.get("tw"), rnd).text()).matches("[A-HJ-NP-Z]{3}[0-35-9]{4}");
      assertThat(PlateTexts.random(ALL.get("il"), rnd).text()).matches("[0-9]{8}");
      assertThat(PlateTexts.random(ALL.get("il-7"), rnd).text()).matches("[0-9]{7}");
      assertThat(PlateTexts.random(ALL.get("kz"), rnd).text()).matches("[0-9]{3}[A-Z]{3}(0[1-9]|1[0-9]|20)");
    }
    assertThat(ALL.get("in").choices().get("state")).contains("MH", "DL", "KA", "TN", "UP", "WB", "OD", "TS", "LA");
    assertThat(ALL.get("in").length()).isEqualTo(10);
  }
}
