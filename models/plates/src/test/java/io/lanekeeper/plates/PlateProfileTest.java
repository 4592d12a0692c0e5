package io.lanekeeper.plates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlateProfileTest {

  private static PlateProfile profile(String pattern, String alphabet, String choices) {
    return PlateProfile.fromJson(new JsonObject("{\"id\":\"t\",\"country\":\"UA\",\"sizeMm\":[520,110],"
        + "\"rows\":[{\"pattern\":\"" + pattern + "\"}],\"alphabet\":" + alphabet + ",\"choices\":" + choices + "}"));
  }

  @Test
  @DisplayName("Printed letters outside A-Z: slots, alphabet and choices are folded, the printed forms are kept")
  void foldsPrintedAlphabetAndChoices() {
    PlateProfile p = profile("{region} DDDD LL", "{\"L\":\"АВСЕНІКМОРТХ\"}", "{\"region\":[\"АА\",\"КА\",\"AA\"]}");
    assertThat(p.alphabet().get('L')).isEqualTo("ABCEHIKMOPTX");
    assertThat(p.printedAlphabet().get('L')).isEqualTo("АВСЕНІКМОРТХ");
    assertThat(p.choices().get("region")).as("folded, duplicates dropped").containsExactly("AA", "KA");
    assertThat(p.printedChoices().get("region")).containsExactly("АА", "КА", "AA");
    assertThat(p.slots()).containsExactly("AK", "A", "0123456789", "0123456789", "0123456789", "0123456789",
        "ABCEHIKMOPTX", "ABCEHIKMOPTX");
    PlateProfile de = profile("{city}~LL DDDD", "{}", "{\"city\":[\"MÜ\",\"KÖ\",\"M\\u00dc\"]}");
    assertThat(de.choices().get("city")).containsExactly("MU", "KO");
    assertThat(de.slots().get(1)).isEqualTo("UO");
  }

  @Test
  @DisplayName("Random texts of a printed profile are folded; printed() keeps the printed letters, rows by |")
  void randomTextsFold() {
    PlateProfile p = profile("{region} DDDD LL", "{\"L\":\"АВСЕНІКМОРТХ\"}", "{\"region\":[\"АА\",\"КА\"]}");
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 50; i++) {
      PlateTexts.Printed t = PlateTexts.random(p, rnd);
      assertThat(t.text()).matches("(AA|KA)[0-9]{4}[ABCEHIKMOPTX]{2}");
      assertThat(t.rowTexts()).isEqualTo(t.text());
      assertThat(t.printed()).matches("(АА|КА)[0-9]{4}[АВСЕНІКМОРТХ]{2}");
      assertThat(PlateText.normalize(t.printed())).isEqualTo(t.text());
    }
  }

  @Test
  @DisplayName("A printed letter with no Latin look-alike is refused at load, naming the profile, field and letter")
  void refusesUnfoldableLetters() {
    assertThatThrownBy(() -> profile("LLL", "{\"L\":\"ΑΒΞ\"}", "{}"))
        .hasMessageContaining("plate profile t").hasMessageContaining("alphabet.L").hasMessageContaining("'Ξ'");
    assertThatThrownBy(() -> profile("{c}DDD", "{}", "{\"c\":[\"АВ\",\"ЖК\"]}"))
        .hasMessageContaining("plate profile t").hasMessageContaining("choices.c[1]").hasMessageContaining("'Ж'");
    assertThatThrownBy(() -> profile("{c}DDD", "{}", "{\"c\":[\"ab\"]}")).hasMessageContaining("'a'");
    assertThatThrownBy(() -> profile("LDD", "{\"L\":\"\"}", "{}")).hasMessageContaining("alphabet.L is empty");
  }

  @Test
  @DisplayName("Built-in profiles read Latin only; a Latin alphabet is kept as written")
  void builtInLatin() {
    for (PlateProfile p : PlateProfiles.builtIn().all()) {
      for (String s : p.slots()) {
        assertThat(s).as(p.id()).matches("[A-Z0-9]+");
      }
    }
    PlateProfile hr = profile("{c}~DDDD-LL", "{\"L\":\"ABCDEFGHIJKLMNOPRSTUVZ\"}", "{\"c\":[\"ZG\",\"ST\"]}");
    assertThat(hr.alphabet()).isEqualTo(hr.printedAlphabet());
    assertThat(hr.choices()).isEqualTo(hr.printedChoices());
  }

  @Test
  @DisplayName("A read text is shown as the profile prints it where that is unambiguous, else as read")
  void printedFromRead() {
    PlateProfile ua = profile("{region} DDDD LL", "{\"L\":\"АВСЕНІКМОРТХ\"}", "{\"region\":[\"АА\",\"КА\"]}");
    assertThat(ua.printed("AA1234BC")).isEqualTo("АА1234ВС");
    assertThat(ua.printed("AA1234BZ")).as("Z is not a letter of this profile").isNull();
    assertThat(ua.printed("AA123")).isNull();
    PlateProfile de = profile("{city}~LL DDDD", "{}", "{\"city\":[\"MÜ\",\"KÖ\",\"KO\"]}");
    assertThat(de.printed("MUAB1234")).isEqualTo("MÜAB1234");
    assertThat(de.printed("KOAB1234")).as("KÖ or KO: the read stays as read").isEqualTo("KOAB1234");
    assertThat(PlateProfiles.builtIn().printed(null, "ABC1234")).isEqualTo("ABC1234");
    assertThat(PlateProfiles.builtIn().printed("br-old", "ABC1234")).isEqualTo("ABC1234");
    assertThat(PlateProfiles.builtIn().printed("no-such-format", "ABC1234")).isEqualTo("ABC1234");
  }

  @Test
  @DisplayName("Optional positions (?) make variants: each drawn, each printed, a stray ? refused at load")
  void optionalPositions() {
    PlateProfile de = profile("{city}~LL? DD?", "{}", "{\"city\":[\"MÜ\",\"KÖ\"]}");
    assertThat(de.variants()).containsExactly(List.of("{city}~LL DD"), List.of("{city}~LL D"), List.of("{city}~L DD"),
        List.of("{city}~L D"));
    assertThat(de.slots()).as("every position").hasSize(6);
    assertThat(de.printed("MUA1")).isEqualTo("MÜA1");
    assertThat(de.printed("KOAB12")).isEqualTo("KÖAB12");
    assertThat(de.printed("KOAB123")).isNull();
    SplittableRandom rnd = new SplittableRandom(5);
    int[] lengths = new int[7];
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      String t = PlateTexts.random(de, rnd).text();
      assertThat(t).matches("(MU|KO)[A-Z]{1,2}[0-9]{1,2}");
      lengths[t.length()]++;
    }
    // each variant as likely as the texts it prints: LL DD 67,600, LL D 6,760, L DD 2,600, L D 260 (of 77,220)
    assertThat(PlateTexts.texts(de, List.of("{city}~LL DD"))).isEqualTo(2 * 26 * 26 * 100);
    assertThat(lengths[6] / (double) n).isCloseTo(67_600 / 77_220.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(lengths[5] / (double) n).isCloseTo(9_360 / 77_220.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(lengths[4]).as("every variant is drawn, the shortest rarely").isBetween(20, 120);
    assertThatThrownBy(() -> profile("?LL DD", "{}", "{}")).hasMessageContaining("t: a ? follows no position");
    assertThatThrownBy(() -> profile("L?D?L?D?L?D?L?D?L?", "{}", "{}"))
        .hasMessageContaining("t: more than " + PlateProfile.MAX_VARIANTS + " variants");
  }

  @Test
  @DisplayName("maxLength drops the longer variants (Germany's 8 characters, the E counted); a bad one is refused")
  void maxLength() {
    JsonObject j = new JsonObject("{\"id\":\"t\",\"country\":\"DE\",\"sizeMm\":[520,110],"
        + "\"rows\":[{\"pattern\":\"{city}~LL? DD?D?D?e\"}],\"maxLength\":8,"
        + "\"choices\":{\"city\":[\"MYK\",\"HOM\"]},\"alphabet\":{\"e\":\"EH\"}}");
    PlateProfile de = PlateProfile.fromJson(j);
    assertThat(de.maxLength()).isEqualTo(8);
    assertThat(de.length()).isEqualTo(8);
    assertThat(de.variants()).hasSize(5).doesNotContain(List.of("{city}~LL DDDDe"), List.of("{city}~LL DDDe"));
    assertThat(de.printed("MYKAB12E")).isEqualTo("MYKAB12E");
    assertThat(de.printed("MYKAB123E")).as("nine characters").isNull();
    SplittableRandom rnd = new SplittableRandom(11);
    for (int i = 0; i < 200; i++) {
      assertThat(PlateTexts.random(de, rnd).text()).matches("(MYK|HOM)[A-Z]{1,2}[0-9]{1,4}[EH]").hasSizeLessThan(9);
    }
    assertThat(PlateProfile.fromJson(j.copy().put("maxLength", 10)).variants()).hasSize(8);
    assertThat(PlateProfile.fromJson(j.copy().put("maxLength", 10)).length()).isEqualTo(10);
    assertThat(PlateProfile.fromJson(j.copy().put("maxLength", 8L)).maxLength()).as("a long").isEqualTo(8);
    for (Object bad : List.of(1, 11, "8", 8.5)) {
      assertThatThrownBy(() -> PlateProfile.fromJson(j.copy().put("maxLength", bad))).as(String.valueOf(bad))
          .hasMessageContaining("t: maxLength must be a whole number from 2 to 10, got " + bad);
    }
    assertThatThrownBy(() -> PlateProfile.fromJson(j.copy().put("rows", new io.vertx.core.json.JsonArray(
        "[{\"pattern\":\"{city}LLDDD\"}]")).put("maxLength", 7)))
        .hasMessageContaining("t: no variant of its rows has from minLength 1 to maxLength 7 characters");
    assertThatThrownBy(() -> PlateProfile.fromJson(j.copy().put("rows", new io.vertx.core.json.JsonArray(
        "[{\"pattern\":\"LLDDDD\"}]")).put("vanity", new JsonObject("{\"min\":4,\"max\":9}"))))
        .hasMessageContaining("t: vanity needs 2 <= min <= max <= 8 (minLength, maxLength)");
    assertThat(PlateProfiles.builtIn().get("de-3").length()).as("built-in de-3").isEqualTo(8);
    // minLength drops the shorter variants: MYK A 1E is six characters
    PlateProfile atLeast7 = PlateProfile.fromJson(j.copy().put("minLength", 7));
    assertThat(atLeast7.minLength()).isEqualTo(7);
    assertThat(atLeast7.variants()).hasSize(4).doesNotContain(List.of("{city}~L De"));
    assertThat(atLeast7.printed("MYKA1E")).isNull();
    assertThat(atLeast7.printed("MYKA12E")).isEqualTo("MYKA12E");
    for (Object bad : List.of(0, 11, "3")) {
      assertThatThrownBy(() -> PlateProfile.fromJson(j.copy().put("minLength", bad))).as(String.valueOf(bad))
          .hasMessageContaining("t: minLength must be a whole number from 1 to 10, got " + bad);
    }
    assertThatThrownBy(() -> PlateProfile.fromJson(j.copy().put("minLength", 9)))
        .hasMessageContaining("t: minLength 9 is over maxLength 8");
    // without maxLength a plate longer than the OCR's ten slots is refused, not quietly dropped
    JsonObject eleven = new JsonObject("{\"id\":\"x\",\"country\":\"UA\",\"sizeMm\":[520,110],"
        + "\"rows\":[{\"pattern\":\"LLLDDDDLLLL?\"}]}");
    assertThatThrownBy(() -> PlateProfile.fromJson(eleven))
        .hasMessageContaining("x: its rows make plates of up to 11 characters, over the 10 the OCR reads");
    assertThat(PlateProfile.fromJson(eleven.copy().put("maxLength", 10)).length()).isEqualTo(10);
    assertThatThrownBy(() -> PlateProfile.fromJson(j.copy().put("maxLength", 4294967304L)))
        .hasMessageContaining("t: maxLength must be a whole number from 2 to 10, got 4294967304");
    assertThatThrownBy(() -> PlateProfile.fromJson(j.copy().put("rows", new io.vertx.core.json.JsonArray(
        "[{\"pattern\":\"LLDDDD\"}]")).put("minLength", 6).put("vanity", new JsonObject("{\"min\":4}"))))
        .hasMessageContaining("t: vanity needs 6 <= min <= max <= 8 (minLength, maxLength)");
    assertThat(PlateProfiles.builtIn().get("at-wunsch").variants()).as("AM A 1 is no Austrian plate")
        .noneMatch(v -> v.getFirst().equals("{district}~L n"));
    // no variant of exactly maxLength: LL12D is five characters, LLD three
    JsonObject gap = new JsonObject("{\"id\":\"g\",\"country\":\"UA\",\"sizeMm\":[520,110],"
        + "\"rows\":[{\"pattern\":\"LL{n}?D\"}],\"choices\":{\"n\":[\"12\"]},\"maxLength\":4}");
    assertThat(PlateProfile.fromJson(gap).length()).as("longest variant").isEqualTo(3);
  }

  @Test
  @DisplayName("A choice list may be another profile's (@id): put in place once, a bad reference refused by name")
  void sharedChoices() {
    java.util.Map<String, JsonObject> byId = new java.util.HashMap<>();
    byId.put("pl", new JsonObject("{\"id\":\"pl\",\"choices\":{\"district\":[\"WA\",\"KR\"]}}"));
    byId.put("pl-2", new JsonObject("{\"id\":\"pl-2\",\"choices\":{\"district\":\"@pl\"}}"));
    JsonObject two = new JsonObject("{\"id\":\"t\",\"country\":\"PL\",\"sizeMm\":[305,214],"
        + "\"rows\":[{\"pattern\":\"{district}~\"},{\"pattern\":\"DDDD\"}],\"choices\":{\"district\":\"@pl\"}}");
    JsonObject resolved = PlateProfile.withSharedChoices(two, byId::get);
    assertThat(two.getJsonObject("choices").getString("district")).as("the JSON given is left as it was")
        .isEqualTo("@pl");
    PlateProfile p = PlateProfile.fromJson(resolved);
    assertThat(p.choices().get("district")).containsExactly("WA", "KR");
    assertThat(p.printed("KR1234")).isEqualTo("KR1234");
    assertThat(p.printed("XX1234")).as("not a district of the list").isNull();
    JsonObject plain = new JsonObject("{\"id\":\"u\",\"choices\":{\"district\":[\"GD\"]}}");
    assertThat(PlateProfile.withSharedChoices(plain, byId::get)).as("no reference: the same JSON").isSameAs(plain);

    assertThatThrownBy(() -> PlateProfile.fromJson(two)).as("a reference left in place")
        .hasMessageContaining("t: choices.district is \"@pl\", not a list");
    java.util.function.Function<JsonObject, JsonObject> resolve = c ->
        PlateProfile.withSharedChoices(two.copy().put("choices", c), byId::get);
    assertThatThrownBy(() -> resolve.apply(new JsonObject().put("district", "@de")))
        .hasMessageContaining("t: choices.district names @de, which is no profile");
    assertThatThrownBy(() -> resolve.apply(new JsonObject().put("city", "@pl")))
        .hasMessageContaining("names @pl, which has no list city of its own");
    assertThatThrownBy(() -> resolve.apply(new JsonObject().put("district", "@pl-2"))).as("one level only")
        .hasMessageContaining("names @pl-2, which has no list district of its own (it names @pl)");
    assertThatThrownBy(() -> resolve.apply(new JsonObject().put("district", "WA")))
        .hasMessageContaining("must be a list of strings or \"@profile\"");
  }

  @Test
  @DisplayName("The built-in profiles that share a list read it from the profile that writes it")
  void builtInSharedChoices() {
    PlateProfiles all = PlateProfiles.builtIn();
    assertThat(all.get("pl-3-2").choices().get("district")).hasSize(340)
        .isEqualTo(all.get("pl-3").choices().get("district"));
    assertThat(all.get("de-sq").printedChoices().get("city")).contains("MÜ")
        .isEqualTo(all.get("de-2").printedChoices().get("city"));
    assertThat(all.get("tr-3").choices().get("il")).hasSize(81);
  }
}
