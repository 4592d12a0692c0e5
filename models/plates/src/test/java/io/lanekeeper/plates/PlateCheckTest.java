package io.lanekeeper.plates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlateCheckTest {

  @Test
  @DisplayName("Singapore's checksum letter: SBA 1234 G, the prefix's last two letters, the number padded to four")
  void singapore() {
    // B=2, A=1: 2*9 + 1*4 + 1*5 + 2*4 + 3*3 + 4*2 = 52, 52 mod 19 = 14: G
    assertThat(PlateCheck.SG.expected("SBA1234")).isEqualTo('G');
    assertThat(PlateCheck.SG.valid("SBA1234G")).isTrue();
    assertThat(PlateCheck.SG.valid("SBA1234C")).isFalse();
    // one digit more or less is another sum: 1284 gives 67, mod 19 = 10: L
    assertThat(PlateCheck.SG.expected("SBA1284")).isEqualTo('L');
    // a short number is padded with leading zeros (SBA 7 is SBA 0007), a two-letter prefix counts both letters
    assertThat(PlateCheck.SG.expected("SBA7")).isEqualTo(PlateCheck.SG.expected("SBA0007"));
    assertThat(PlateCheck.SG.expected("BA1234")).isEqualTo('G');
    // sums of 0 and 18 are the list's ends: A and B (EZ 0001: 5*9 + 26*4 + 2 = 151 = 7*19 + 18)
    assertThat(PlateCheck.SG.expected("EZ0001")).isEqualTo('B');
    assertThat(PlateCheck.SG.expected("AA0000")).isEqualTo('H');   // 9 + 4 = 13: H
    // a body of another form computes nothing, and no text of it is valid
    for (String body : new String[] {"S1234", "SBAB1234", "SBA", "SBA12345", "SBA12A4", ""}) {
      assertThat(PlateCheck.SG.expected(body)).as(body).isEqualTo(PlateCheck.NONE);
    }
    assertThat(PlateCheck.SG.valid("G")).isFalse();
  }

  @Test
  @DisplayName("A profile names its rule; an unknown rule or a pattern that ends in no class is refused at load")
  void profiles() {
    String json = "{\"id\":\"t\",\"country\":\"SG\",\"sizeMm\":[520,110],\"check\":\"%s\",\"rows\":[{\"pattern\":"
        + "\"%s\"}],\"alphabet\":{\"c\":\"ABCDEGHJKLMPRSTUXYZ\"}}";
    PlateProfile p = PlateProfile.fromJson(new JsonObject(String.format(json, "sg", "SLL DDDD c")));
    assertThat(p.check()).isEqualTo(PlateCheck.SG);
    for (int seed = 0; seed < 200; seed++) {
      String text = PlateTexts.randomPlate(p, new java.util.SplittableRandom(seed));
      assertThat(PlateCheck.SG.valid(text)).as(text).isTrue();
    }
    assertThatThrownBy(() -> PlateProfile.fromJson(new JsonObject(String.format(json, "luhn", "SLL DDDD c"))))
        .hasMessageContaining("plate profile t: check: no check rule \"luhn\"").hasMessageContaining("sg");
    assertThatThrownBy(() -> PlateProfile.fromJson(new JsonObject(String.format(json, "sg", "SLL DDDD -"))))
        .hasMessageContaining("needs its last row to end in a character of a class");
    assertThat(PlateProfile.fromJson(new JsonObject(String.format(json.replace("\"check\":\"%s\",", ""),
        "SLL DDDD c"))).check()).isNull();
  }
}
