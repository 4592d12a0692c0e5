package io.lanekeeper.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateProfiles;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NorthAmericaProfilesTest {

  static final List<String> STATES = List.of("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI",
      "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
      "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI",
      "WY");
  static final List<String> PROVINCES = List.of("ON", "QC", "BC", "AB", "MB", "SK", "NS", "NB");

  private static String id(String prefix, String code) {
    return prefix + code.toLowerCase(Locale.ROOT);
  }

  @Test
  @DisplayName("Every state, DC and listed province has a profile us-xx / ca-xx of its country")
  void everyJurisdictionHasAProfile() {
    PlateProfiles all = PlateProfiles.builtIn();
    assertThat(STATES).hasSize(51).doesNotHaveDuplicates();
    for (String s : STATES) {
      assertThat(all.select(List.of(id("us-", s)))).as(s).singleElement()
          .extracting(PlateProfile::country).isEqualTo("US");
    }
    for (String p : PROVINCES) {
      assertThat(all.select(List.of(id("ca-", p)))).as(p).singleElement()
          .extracting(PlateProfile::country).isEqualTo("CA");
    }
    assertThat(all.select(List.of("US"))).hasSizeGreaterThanOrEqualTo(STATES.size());
    assertThat(all.select(List.of("CA"))).hasSizeGreaterThanOrEqualTo(PROVINCES.size());
  }

  @Test
  @DisplayName("Every US and Canadian profile is one row of at most 8 characters, 6x12 in, with vanity plates")
  void northAmericanShape() {
    List<PlateProfile> na = PlateProfiles.builtIn().select(List.of("US", "CA"));
    for (PlateProfile p : na) {
      String prefix = p.country().equals("US") ? "us-" : "ca-";
      assertThat(p.id()).as(p.id()).startsWith(prefix);
      assertThat(p.rowPatterns()).as(p.id()).hasSize(1);
      assertThat(p.length()).as(p.id()).isBetween(5, 8);
      assertThat(p.widthMm() / p.heightMm()).as(p.id()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
      assertThat(p.vanity()).as(p.id() + " vanity").isNotNull();
      assertThat(p.vanity().max()).as(p.id()).isBetween(6, 8);
    }
    List<PlateProfile> us = PlateProfiles.builtIn().select(List.of("US"));
    assertThat(us).allSatisfy(p -> assertThat(p.vanity()).as(p.id()).isNotNull());
  }

  @Test
  @DisplayName("Second formats exist only beside a first one: us-xx-2 needs us-xx")
  void secondFormatsHaveAFirst() {
    PlateProfiles all = PlateProfiles.builtIn();
    for (PlateProfile p : all.select(List.of("US", "CA"))) {
      if (p.id().endsWith("-2")) {
        assertThat(all.get(p.id().substring(0, p.id().length() - 2))).as(p.id()).isNotNull();
      }
    }
  }

  @Test
  @DisplayName("County-coded and month-coded serials start with their real codes")
  void codedSerials() {
    PlateProfiles all = PlateProfiles.builtIn();
    assertThat(all.get("us-al").choices().get("county")).contains("1", "2", "3").hasSize(9);
    assertThat(all.get("us-al-2").choices().get("county")).contains("10", "67").hasSize(58);
    assertThat(all.get("us-mt-2").choices().get("county")).contains("56").doesNotContain("57");
    assertThat(all.get("us-wy-2").choices().get("county")).contains("23").doesNotContain("24");
    assertThat(all.get("us-wv").choices().get("month")).contains("1", "9", "O", "N", "D").hasSize(12);
    assertThat(all.get("ca-bc").alphabet().get('L')).doesNotContain("I", "O", "Q", "U", "Y", "Z");
    assertThat(all.get("ca-qc").alphabet().get('L')).doesNotContain("O");
  }
}
