package io.lanekeeper.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lanekeeper.plates.PlateProfile;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FormatRulesTest {

  static final PlateProfile BR_OLD = PlateProfile.fromJson(new JsonObject(
      "{\"id\":\"br-old\",\"country\":\"BR\",\"sizeMm\":[400,130],\"rows\":[{\"pattern\":\"LLL-DDDD\"}]}"));
  static final PlateProfile BR_MERCOSUR = PlateProfile.fromJson(new JsonObject(
      "{\"id\":\"br-mercosur\",\"country\":\"BR\",\"sizeMm\":[400,130],\"rows\":[{\"pattern\":\"LLLDLDD\"}]}"));
  static final List<PlateProfile> BR = List.of(BR_OLD, BR_MERCOSUR);
  static final double FLOOR = 0.02;

  /**
   * Probabilities for a read: each slot puts {@code top} on its character, and a second character (after a
   * {@code /}) gets {@code second}; slots after the text are padding with {@code top}.
   */
  static float[][] probs(String spec, float top, float second) {
    float[][] p = new float[FormatRules.SLOTS][FormatRules.ALPHABET.length()];
    String[] slots = spec.split(" ");
    for (int i = 0; i < FormatRules.SLOTS; i++) {
      String s = i < slots.length ? slots[i] : "_";
      float rest = 1 - top - (s.length() > 1 ? second : 0);
      int others = FormatRules.ALPHABET.length() - (s.length() > 1 ? 2 : 1);
      java.util.Arrays.fill(p[i], rest / others);
      p[i][FormatRules.ALPHABET.indexOf(s.charAt(0))] = top;
      if (s.length() > 1) {
        p[i][FormatRules.ALPHABET.indexOf(s.charAt(2))] = second;
      }
    }
    return p;
  }

  @Test
  @DisplayName("A zero read in a letter slot becomes O, with the glyph's probability (0 or O) as its confidence")
  void correctsLookAlikeInLetterSlot() {
    float[][] p = probs("A 0/O C 1 2 3 4", 0.9f, 0.05f);
    p[1][FormatRules.ALPHABET.indexOf('0')] = 0.6f;
    p[1][FormatRules.ALPHABET.indexOf('O')] = 0.3f;
    Optional<FormatRules.Reading> r = new FormatRules(List.of(BR_OLD), false, FLOOR).read(p);
    assertThat(r).isPresent();
    assertThat(r.get().text()).isEqualTo("AOC1234");
    assertThat(r.get().format()).isEqualTo("br-old");
    assertThat(r.get().charConfidences()[1]).isCloseTo(0.3 + FormatRules.LOOK_ALIKE_WEIGHT * 0.6, within(1e-6));
    // the A also holds its look-alike 4's (small) share
    assertThat(r.get().charConfidences()[0])
        .isCloseTo(0.9 + FormatRules.LOOK_ALIKE_WEIGHT * p[0][FormatRules.ALPHABET.indexOf('4')], within(1e-6));
  }

  @Test
  @DisplayName("An O split between D, O and 0 is read O in a letter slot: the 0 lends its share to the O, not the D")
  void splitGlyphGoesToItsLetter() {
    float[][] p = probs("A B C 1 2 3 4", 0.9f, 0.05f);
    java.util.Arrays.fill(p[0], 0f);
    p[0][FormatRules.ALPHABET.indexOf('D')] = 0.44f;
    p[0][FormatRules.ALPHABET.indexOf('O')] = 0.38f;
    p[0][FormatRules.ALPHABET.indexOf('0')] = 0.18f;
    FormatRules.Reading r = new FormatRules(List.of(BR_OLD), false, FLOOR).read(p).orElseThrow();
    assertThat(r.text()).isEqualTo("OBC1234");
    assertThat(r.charConfidences()[0]).isCloseTo(0.38 + FormatRules.LOOK_ALIKE_WEIGHT * 0.18, within(1e-6));

    // in a digit slot the 0 holds the O's, D's and Q's shares against a 6 that is more probable than each
    float[][] q = probs("A B C 1 2 3 4", 0.9f, 0.05f);
    java.util.Arrays.fill(q[3], 0f);
    q[3][FormatRules.ALPHABET.indexOf('6')] = 0.4f;
    q[3][FormatRules.ALPHABET.indexOf('D')] = 0.25f;
    q[3][FormatRules.ALPHABET.indexOf('Q')] = 0.2f;
    q[3][FormatRules.ALPHABET.indexOf('O')] = 0.15f;
    assertThat(new FormatRules(List.of(BR_OLD), false, FLOOR).read(q).orElseThrow().text()).isEqualTo("ABC0234");
  }

  @Test
  @DisplayName("A sure zero in a letter slot is read O even when the OCR gave O almost nothing and D a little more")
  void sureZeroInLetterSlotIsO() {
    float[][] p = probs("A 0/D C 1 2 3 4", 0.9f, 0.05f);
    p[1][FormatRules.ALPHABET.indexOf('O')] = 0.0005f;
    FormatRules.Reading r = new FormatRules(List.of(BR_OLD), true, FLOOR).read(p).orElseThrow();
    assertThat(r.text()).isEqualTo("AOC1234");
    assertThat(r.format()).isEqualTo("br-old");
    assertThat(r.charConfidences()[1]).isCloseTo(0.0005 + FormatRules.LOOK_ALIKE_WEIGHT * 0.9, within(1e-6));
  }

  @Test
  @DisplayName("Only the look-alike inherits: a letter slot read as 7 is not turned into the likeliest letter")
  void noLookAlikeNoInheritance() {
    float[][] p = probs("A 7/T C 1 2 3 4", 0.9f, 0.01f);
    assertThat(new FormatRules(List.of(BR_OLD), false, FLOOR).read(p)).isEmpty();
  }

  @Test
  @DisplayName("A letter read in a digit slot becomes the most probable digit (B to 8, S to 5)")
  void correctsLookAlikeInDigitSlot() {
    float[][] p = probs("A B C 1 B/8 3 S/5", 0.8f, 0.15f);
    FormatRules.Reading r = new FormatRules(List.of(BR_OLD), false, FLOOR).read(p).orElseThrow();
    assertThat(r.text()).isEqualTo("ABC1835");
    assertThat(r.charConfidences()).hasSize(7);
    assertThat(r.charConfidences()[4]).isCloseTo(0.15 + FormatRules.LOOK_ALIKE_WEIGHT * 0.8, within(1e-6));
    double product = 1;
    for (double c : r.charConfidences()) {
      product *= c;
    }
    assertThat(r.confidence()).isCloseTo(product, within(1e-12));
  }

  @Test
  @DisplayName("A correction to a character the OCR gave almost no probability is refused")
  void refusesImprobableCorrection() {
    float[][] p = probs("A B C 1 X 3 4", 0.97f, 0f);
    FormatRules rules = new FormatRules(List.of(BR_OLD), false, FLOOR);
    assertThat(rules.read(p)).isEmpty();
  }

  @Test
  @DisplayName("The box's shape decides between formats that both fit: a wide box is the Brazilian plate")
  void boxShapeBreaksTies() {
    PlateProfile usCa = PlateProfile.fromJson(new JsonObject(
        "{\"id\":\"us-ca\",\"country\":\"US\",\"sizeMm\":[305,152],\"rows\":[{\"pattern\":\"DLLLDDD\"}]}"));
    FormatRules rules = new FormatRules(List.of(BR_OLD, usCa), true, FLOOR);
    float[][] p = probs("0 L B A/4 8 0 9", 0.9f, 0.05f);
    p[3][FormatRules.ALPHABET.indexOf('A')] = 0.5f;   // A or 4: the OCR cannot tell, the format may
    p[3][FormatRules.ALPHABET.indexOf('4')] = 0.45f;
    assertThat(rules.read(p, 400.0 / 130).orElseThrow().text()).isEqualTo("OLB4809");
    assertThat(rules.read(p, 305.0 / 152).orElseThrow().text()).isEqualTo("0LBA809");
    assertThat(rules.read(p).orElseThrow().text()).as("shape unknown: the fit without look-alikes")
        .isEqualTo("0LBA809");
    assertThat(FormatRules.shapeLikelihood(3.0, 3.0)).isEqualTo(1.0);
    assertThat(FormatRules.shapeLikelihood(4.5, 3.0)).isCloseTo(0.60, within(0.01));
    assertThat(FormatRules.shapeLikelihood(Double.NaN, 3.0)).isEqualTo(1.0);
  }

  @Test
  @DisplayName("A read that fits none of the lane's formats is not returned")
  void rejectsReadsFittingNoFormat() {
    float[][] p = probs("A B 1 2 C D 3 4 5", 0.95f, 0f);
    assertThat(new FormatRules(BR, false, FLOOR).read(p)).isEmpty();
  }

  @Test
  @DisplayName("The Mercosur pattern wins when its letter slot reads a letter")
  void picksBestScoringProfile() {
    FormatRules rules = new FormatRules(BR, false, FLOOR);
    FormatRules.Reading mercosur = rules.read(probs("A B C 1 D 2 3", 0.9f, 0.05f)).orElseThrow();
    assertThat(mercosur.format()).isEqualTo("br-mercosur");
    assertThat(mercosur.text()).isEqualTo("ABC1D23");
    FormatRules.Reading old = rules.read(probs("A B C 1 2 2 3", 0.9f, 0.05f)).orElseThrow();
    assertThat(old.format()).isEqualTo("br-old");
  }

  @Test
  @DisplayName("A probable padding slot lets a shorter format win over a longer one")
  void lengthFromPaddingProbabilities() {
    PlateProfile six = PlateProfile.fromJson(new JsonObject(
        "{\"id\":\"six\",\"country\":\"BR\",\"sizeMm\":[400,130],\"rows\":[{\"pattern\":\"LLLDDD\"}]}"));
    float[][] p = probs("A B C 1 2 3 4/_", 0.9f, 0.05f);
    p[6][FormatRules.ALPHABET.indexOf('4')] = 0.4f;
    p[6][0] = 0.55f;
    FormatRules.Reading r = new FormatRules(List.of(six, BR_OLD), false, FLOOR).read(p).orElseThrow();
    assertThat(r.text()).isEqualTo("ABC123");
    assertThat(r.format()).isEqualTo("six");
  }

  @Test
  @DisplayName("With no lane formats, a plain read of 4 to 9 characters is accepted as a free read")
  void acceptsFreeReads() {
    FormatRules rules = new FormatRules(BR, true, FLOOR);
    FormatRules.Reading r = rules.read(probs("K 9 9 Z 1 2", 0.9f, 0f)).orElseThrow();
    assertThat(r.text()).isEqualTo("K99Z12");
    assertThat(r.format()).isNull();
    assertThat(rules.read(probs("K 9 9", 0.9f, 0f))).isEmpty();
  }

  /** Jersey's plates, J and one to six digits: "J 7" is a plate, as real as "J 12345". */
  static final PlateProfile JE = PlateProfile.fromJson(new JsonObject("{\"id\":\"je\",\"country\":\"JE\","
      + "\"sizeMm\":[520,111],\"choices\":{\"j\":[\"J\"]},\"rows\":[{\"pattern\":\"{j} DD?D?D?D?D?\"}]}"));

  @Test
  @DisplayName("A lane's shortest plate: J 7 and J 19 are read where the lane allows two characters, not by default")
  void shortPlatesWhereTheLaneAllowsThem() {
    FormatRules byDefault = new FormatRules(List.of(JE), true, FLOOR, FormatRules.HINT_PRIOR);
    FormatRules two = new FormatRules(List.of(JE), true, FLOOR, FormatRules.HINT_PRIOR, 2);
    assertThat(byDefault.minLength()).isEqualTo(FormatRules.DEFAULT_MIN_LENGTH);
    assertThat(byDefault.read(probs("J 7", 0.95f, 0f))).isEmpty();
    assertThat(byDefault.read(probs("J 1 9", 0.95f, 0f))).isEmpty();
    FormatRules.Reading j7 = two.read(probs("J 7", 0.95f, 0f)).orElseThrow();
    assertThat(j7.text()).isEqualTo("J7");
    assertThat(j7.format()).isEqualTo("je");
    // a 1 read as an I fits the format as a look-alike, as in any longer plate
    FormatRules.Reading j19 = two.read(probs("J I/1 9", 0.6f, 0.35f)).orElseThrow();
    assertThat(j19.text()).isEqualTo("J19");
    assertThat(j19.format()).isEqualTo("je");
    // the lane's longer plates read as before
    assertThat(two.read(probs("J 1 2 3 4 5", 0.95f, 0f)).orElseThrow().text()).isEqualTo("J12345");
    // a single character is below the lane's two
    assertThat(two.read(probs("J", 0.95f, 0f))).isEmpty();
  }

  @Test
  @DisplayName("Free reads start at the lane's shortest plate too; 1 to 10 is the range, a hint and its fallback agree")
  void freeReadsFromTheLanesShortestPlate() {
    assertThat(new FormatRules(BR, true, FLOOR).read(probs("4 D R", 0.95f, 0f))).isEmpty();
    FormatRules three = new FormatRules(BR, true, FLOOR, FormatRules.DEFAULT_PRIOR, 3);
    FormatRules.Reading vanity = three.read(probs("4 D R", 0.95f, 0f)).orElseThrow();
    assertThat(vanity.text()).isEqualTo("4DR");
    assertThat(vanity.format()).isNull();
    assertThat(three.read(probs("4 D", 0.95f, 0f))).isEmpty();
    // a lane that wants five characters or more: a four-character free read is not one of its plates
    FormatRules five = new FormatRules(BR, true, FLOOR, FormatRules.DEFAULT_PRIOR, 5);
    assertThat(five.read(probs("K 9 9 Z", 0.95f, 0f))).isEmpty();
    assertThat(five.read(probs("K 9 9 Z 1", 0.95f, 0f)).orElseThrow().text()).isEqualTo("K99Z1");

    assertThatThrownBy(() -> new FormatRules(BR, true, FLOOR, FormatRules.DEFAULT_PRIOR, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 10");
    assertThatThrownBy(() -> new FormatRules(BR, true, FLOOR, FormatRules.DEFAULT_PRIOR, 11))
        .isInstanceOf(IllegalArgumentException.class);
    FormatRules hinted = new FormatRules(List.of(JE), true, FLOOR, FormatRules.HINT_PRIOR, 2);
    assertThatThrownBy(() -> hinted.orElse(new FormatRules(BR, true, FLOOR)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same lengths");
    // a hinted lane of two characters falls back to unhinted rules of two: a short vanity read stays
    FormatRules.Reading fallback = hinted.orElse(new FormatRules(BR, true, FLOOR, FormatRules.DEFAULT_PRIOR, 2))
        .read(probs("X 5", 0.95f, 0f)).orElseThrow();
    assertThat(fallback.text()).isEqualTo("X5");
    assertThat(fallback.format()).isNull();
  }

  @Test
  @DisplayName("The engine's shortest plate by default is the lane's read.minLength by default")
  void defaultShortestPlateIsTheLanesDefault() {
    assertThat(FormatRules.DEFAULT_MIN_LENGTH).isEqualTo(io.lanekeeper.config.ReadFloor.DEFAULT.minLength())
        .isEqualTo(io.lanekeeper.bus.FrameRequest.DEFAULT_MIN_LENGTH);
  }

  @Test
  @DisplayName("With no lane formats, a format fit close to the free read is preferred")
  void prefersFormatFitWhenClose() {
    FormatRules rules = new FormatRules(BR, true, FLOOR);
    float[][] p = probs("A 0/O C 1 2 3 4", 0.9f, 0.05f);
    p[1][FormatRules.ALPHABET.indexOf('0')] = 0.55f;
    p[1][FormatRules.ALPHABET.indexOf('O')] = 0.4f;
    FormatRules.Reading r = rules.read(p).orElseThrow();
    assertThat(r.text()).isEqualTo("AOC1234");
    assertThat(r.format()).isEqualTo("br-old");
  }

  @Test
  @DisplayName("Choice groups are read whole, so only listed combinations come out")
  void choiceGroupsReadWhole() {
    PlateProfile lk = PlateProfile.fromJson(new JsonObject("{\"id\":\"lk\",\"country\":\"LK\",\"sizeMm\":[520,110],"
        + "\"choices\":{\"prov\":[\"WP\",\"CA\"]},\"rows\":[{\"pattern\":\"{prov} LL-DDDD\"}]}"));
    float[][] p = probs("C/W P/A A B 1 2 3 4", 0.6f, 0.35f);
    p[1][FormatRules.ALPHABET.indexOf('P')] = 0.9f;
    p[1][FormatRules.ALPHABET.indexOf('A')] = 0.05f;
    FormatRules.Reading r = new FormatRules(List.of(lk), false, FLOOR).read(p).orElseThrow();
    assertThat(r.text()).isEqualTo("WPAB1234");
    assertThat(r.charConfidences()[0]).isCloseTo(0.35, within(1e-6));
  }

  static final PlateProfile LK_MOTO = PlateProfile.fromJson(new JsonObject(
      "{\"id\":\"lk-moto\",\"country\":\"LK\",\"sizeMm\":[240,170],"
      + "\"choices\":{\"prov\":[\"WP\",\"CP\"]},\"rows\":[{\"pattern\":\"{prov} LLL\"},{\"pattern\":\"DDDD\"}]}"));

  @Test
  @DisplayName("A two-row format is fitted to the two row reads joined, never to the whole crop read as one line")
  void twoRowFormatReadsTheRows() {
    FormatRules rules = new FormatRules(List.of(BR_OLD, LK_MOTO), true, FLOOR);
    float[][] line = probs("W P C A B 1 2 3 4", 0.9f, 0f);
    float[][][] rows = {probs("W P C/G A B", 0.9f, 0.05f), probs("1 2 3 4", 0.9f, 0f)};
    assertThat(rules.read(line, 240.0 / 170).orElseThrow().format()).isNull();   // one line: a free read at best
    FormatRules.Reading r = rules.read(line, rows, 240.0 / 170).orElseThrow();
    assertThat(r.text()).isEqualTo("WPCAB1234");
    assertThat(r.format()).isEqualTo("lk-moto");
    assertThat(r.charConfidences()).hasSize(9);
    assertThat(r.charConfidences()[2]).isCloseTo(0.9, within(1e-6));
  }

  @Test
  @DisplayName("A square plate whose rows fit no format is read freely by its rows; a wide box keeps its line")
  void freeReadOfRowsOnSquareBoxes() {
    FormatRules rules = new FormatRules(List.of(BR_OLD, LK_MOTO), true, FLOOR);
    // a Danish two-row plate, GA 78 / 862: no known format, the line squeezes both rows into four characters
    float[][] line = probs("X 7 8 6", 0.9f, 0f);
    float[][][] rows = {probs("G A 7 8", 0.9f, 0f), probs("8 6 2", 0.9f, 0f)};
    FormatRules.Reading square = rules.read(line, rows, 1.4).orElseThrow();
    assertThat(square.text()).isEqualTo("GA78862");
    assertThat(square.format()).isNull();
    // the same reads on a one-row plate's shape: the line, as sure as the rows, wins on the shape
    assertThat(rules.read(line, rows, 3.1).orElseThrow().text()).isEqualTo("X786");
    // without free reads (a strict lane) the rows fit no format and nothing is read
    assertThat(new FormatRules(List.of(BR_OLD, LK_MOTO), false, FLOOR).read(line, rows, 1.4)).isEmpty();
  }

  @Test
  @DisplayName("Row reads are tried on boxes near a two-row shape only, and rows that overflow the slots fit nothing")
  void rowReadsOnlyForTwoRowShapes() {
    FormatRules rules = new FormatRules(List.of(BR_OLD, LK_MOTO), false, FLOOR);
    assertThat(rules.readsRows(1.4)).isTrue();
    assertThat(rules.readsRows(3.1)).isFalse();
    assertThat(new FormatRules(List.of(BR_OLD), false, FLOOR).readsRows(1.4)).isFalse();
    // every known format: India's two-row plate (200x100 mm, 2:1) is within reach of a Brazilian box (3.1:1), but
    // the Brazilian one-row formats fit it better: no rows; a US-shaped box (2:1) fits both as well: rows too
    FormatRules world = new FormatRules(List.copyOf(io.lanekeeper.plates.PlateProfiles.builtIn().all()), true, FLOOR);
    assertThat(world.readsRows(3.1)).as("a Brazilian plate's box").isFalse();
    assertThat(world.readsRows(1.4)).as("a square European plate's box").isTrue();
    assertThat(world.readsRows(2.0)).as("a US plate's box, India's two-row shape too").isTrue();
    float[][][] long_ = {probs("W P C A B 1", 0.9f, 0f), probs("1 2 3 4 5", 0.9f, 0f)};
    assertThat(FormatRules.joinRows(long_[0], long_[1])).isNull();
    float[][][] empty = {probs("_", 0.9f, 0f), probs("1 2 3 4", 0.9f, 0f)};
    assertThat(rules.read(probs("_", 0.9f, 0f), empty, 1.4)).isEmpty();
  }

  @Test
  @DisplayName("A separator choice (dot or dash) is drawn, not read: the old Brazilian format keeps seven slots")
  void separatorChoicesAreNotSlots() {
    PlateProfile dotted = PlateProfile.fromJson(new JsonObject(
        "{\"id\":\"br-old\",\"country\":\"BR\",\"sizeMm\":[400,130],"
        + "\"choices\":{\"sep\":[\"\u00b7\",\"-\"]},\"rows\":[{\"pattern\":\"LLL{sep}DDDD\"}]}"));
    assertThat(dotted.slots()).hasSize(7);
    FormatRules.Reading r = new FormatRules(List.of(dotted), false, FLOOR).read(probs("A B C 1 2 3 4", 0.9f, 0f))
        .orElseThrow();
    assertThat(r.text()).isEqualTo("ABC1234");
    assertThat(r.format()).isEqualTo("br-old");
  }

  /** A one-row format with a band left of its characters (the EU band with its country code), none on the right. */
  static final PlateProfile BANDED = PlateProfile.fromJson(new JsonObject(
      "{\"id\":\"banded\",\"country\":\"DE\",\"sizeMm\":[520,110],\"rows\":[{\"pattern\":\"LLLDDDD\"}],"
      + "\"render\":{\"rows\":[{\"box\":[52,20,510,90]}],\"rects\":[{\"box\":[2,2,44,108]}]}}"));

  @Test
  @DisplayName("A character too many is left out only at an edge where the plate prints something beside the text")
  void edgeCharactersLeftOutWhereExplained() {
    assertThat(FormatRules.clutterBeside(BANDED)).containsExactly(true, false);
    assertThat(FormatRules.clutterBeside(BR_OLD)).containsExactly(false, false);
    FormatRules lane = new FormatRules(List.of(BANDED), false, FLOOR);
    // the band's country code read as a letter before the plate
    FormatRules.Reading head = lane.read(probs("D A B C 1 2 3 4", 0.9f, 0f)).orElseThrow();
    assertThat(head.text()).isEqualTo("ABC1234");
    assertThat(head.format()).isEqualTo("banded");
    assertThat(head.score()).isLessThan(lane.read(probs("A B C 1 2 3 4", 0.9f, 0f)).orElseThrow().score());
    // nothing is printed right of the characters: an extra one there is not explained
    assertThat(lane.read(probs("A B C 1 2 3 4 X", 0.9f, 0f))).isEmpty();
    // a plate with nothing beside its text keeps every character the OCR saw
    assertThat(new FormatRules(BR, false, FLOOR).read(probs("J S C 7 4 8 6 P J", 0.9f, 0f))).isEmpty();
    // three too many is not a loose box any more
    assertThat(lane.read(probs("X Y Z A B C 1 2 3 4", 0.9f, 0f))).isEmpty();
    // without formats, a sure nine-character read stays what it is
    assertThat(new FormatRules(BR, true, FLOOR).read(probs("J S C 7 4 8 6 P J", 0.9f, 0f)).orElseThrow().text())
        .isEqualTo("JSC7486PJ");
  }

  /** Sri Lanka's plates of 2000-2022: the province letters printed small, left of the registration. */
  static final PlateProfile CAPTIONED = PlateProfile.fromJson(new JsonObject(
      "{\"id\":\"captioned\",\"country\":\"LK\",\"sizeMm\":[520,111],\"rows\":[{\"pattern\":\"LL-DDDD\"}],"
      + "\"render\":{\"rows\":[{\"box\":[106,16,494,95]}],"
      + "\"labels\":[{\"box\":[50,16,102,54],\"texts\":[\"WP\",\"CP\",\"Sabaragamuwa\"]},"
      + "{\"box\":[100,96,400,110],\"texts\":[\"SL\"]}]}}"));
  static final PlateProfile CAPTIONED_MOTO = PlateProfile.fromJson(new JsonObject(
      "{\"id\":\"captioned-moto\",\"country\":\"LK\",\"sizeMm\":[240,170],"
      + "\"rows\":[{\"pattern\":\"LLL\"},{\"pattern\":\"DDDD\"}],"
      + "\"render\":{\"rows\":[{\"box\":[86,16,222,74]},{\"box\":[22,90,218,156]}],"
      + "\"labels\":[{\"box\":[36,16,82,50],\"texts\":[\"WP\",\"CP\"]}]}}"));

  @Test
  @DisplayName("A caption printed left of the text and read with the plate is left out: the plate, not a free read")
  void captionsLeftOut() {
    // only a label left of the first row and level with it, two letters at most, is a caption
    assertThat(FormatRules.captionsLeft(CAPTIONED)).containsExactlyInAnyOrder("WP", "CP");
    assertThat(FormatRules.captionsLeft(BANDED)).isEmpty();
    FormatRules world = new FormatRules(List.of(BR_OLD, BR_MERCOSUR, CAPTIONED), true, FLOOR);
    FormatRules.Reading r = world.read(probs("W P A B 1 2 3 4", 0.95f, 0f), 520.0 / 111).orElseThrow();
    assertThat(r.text()).isEqualTo("AB1234");
    assertThat(r.format()).isEqualTo("captioned");
    assertThat(r.charConfidences()).hasSize(6);
    // one letter of the caption, the other lost at the crop's edge
    assertThat(world.read(probs("P A B 1 2 3 4", 0.95f, 0f), 520.0 / 111).orElseThrow().text()).isEqualTo("AB1234");
    // two characters that are no caption: a loose box's clutter costs more than a free read of what the OCR saw
    assertThat(world.read(probs("X Y A B 1 2 3 4", 0.95f, 0f), 520.0 / 111).orElseThrow().text())
        .isEqualTo("XYAB1234");
    // the same read on a plate that prints no caption stays as read
    FormatRules banded = new FormatRules(List.of(BR_OLD, BANDED), true, FLOOR);
    assertThat(banded.read(probs("W P A B 1 2 3 4", 0.95f, 0f)).orElseThrow().text()).isEqualTo("WPAB1234");
  }

  @Test
  @DisplayName("Plate text typed with a caption in front is the registration the engine reads, only where it must be")
  void typedCaption() {
    FormatRules.Captioned lk = FormatRules.captioned("WPCAB1234");
    assertThat(lk).isNotNull();
    assertThat(lk.caption()).isEqualTo("WP");
    assertThat(lk.registration()).isEqualTo("CAB1234");
    assertThat(lk.format()).startsWith("lk-");
    assertThat(FormatRules.captioned("UPKA5678")).extracting(FormatRules.Captioned::registration).isEqualTo("KA5678");
    // the registration alone, a caption nobody prints, a single letter of a caption, text that fits a format whole
    assertThat(FormatRules.captioned("CAB1234")).isNull();
    assertThat(FormatRules.captioned("XYCAB1234")).isNull();
    assertThat(FormatRules.captioned("PCAB1234")).isNull();
    assertThat(FormatRules.captioned("BAB1234")).as("Berlin AB 1234").isNull();
    assertThat(FormatRules.captioned("SPKA5678")).as("Speyer KA 5678").isNull();
    assertThat(FormatRules.captioned("WP")).isNull();
    assertThat(FormatRules.captioned(null)).isNull();
  }

  @Test
  @DisplayName("A read that fits a format with all its characters beats the same read less a caption")
  void wholeFitBeatsCaptionDrop() {
    // a plate whose registration begins with the caption's letters: WPA1234 is a plate of LLL-DDDD as read
    FormatRules both = new FormatRules(List.of(BR_OLD, CAPTIONED), false, FLOOR);
    FormatRules.Reading r = both.read(probs("W P A 1 2 3 4", 0.95f, 0f), Double.NaN).orElseThrow();
    assertThat(r.text()).isEqualTo("WPA1234");
    assertThat(r.format()).isEqualTo("br-old");
    // a first letter read in doubt (less sure than CAPTION_DROP_WEIGHT) is more likely the caption's W
    float[][] doubtful = probs("W P A 1 2 3 4", 0.95f, 0f);
    doubtful[0][FormatRules.ALPHABET.indexOf('W')] = 0.5f;
    FormatRules.Reading less = both.read(doubtful, Double.NaN).orElseThrow();
    assertThat(less.text()).isEqualTo("PA1234");
    assertThat(less.format()).isEqualTo("captioned");
  }

  @Test
  @DisplayName("A two-row plate's top row may begin with its caption: the rows fit without it")
  void captionLeftOutOfTopRow() {
    FormatRules rules = new FormatRules(List.of(BR_OLD, CAPTIONED_MOTO), true, FLOOR);
    float[][] line = probs("W P C A B 1 2 3 4", 0.9f, 0f);
    float[][][] rows = {probs("W P C A B", 0.95f, 0f), probs("1 2 3 4", 0.95f, 0f)};
    FormatRules.Reading r = rules.read(line, rows, 240.0 / 170).orElseThrow();
    assertThat(r.text()).isEqualTo("CAB1234");
    assertThat(r.format()).isEqualTo("captioned-moto");
    // only a caption is left out of rows, never a character at the end of the bottom row
    float[][][] tail = {probs("C A B", 0.95f, 0f), probs("1 2 3 4 5", 0.95f, 0f)};
    assertThat(rules.read(line, tail, 240.0 / 170).orElseThrow().format()).isNull();
  }

  @Test
  @DisplayName("A look-alike correction the OCR does not support loses to the OCR's own characters")
  void weakCorrectionsLoseToFreeRead() {
    FormatRules lane = new FormatRules(BR, true, FLOOR);
    // a sure 8 in a letter slot: 8BC1234 fits no format; B8C1234 would, but the OCR saw an 8, not a B
    float[][] sure = probs("A 8 C 1 2 3 4", 0.95f, 0f);
    assertThat(lane.read(sure).orElseThrow().text()).isEqualTo("A8C1234");
    assertThat(lane.read(sure).orElseThrow().format()).isNull();
    // O and 0 are one glyph in the Mandatory typeface: the format decides even when the OCR is sure of 0
    float[][] round = probs("A 0 C 1 2 3 4", 0.95f, 0f);
    assertThat(lane.read(round).orElseThrow().text()).isEqualTo("AOC1234");
    // a doubtful 8 that may be a B is corrected
    float[][] split = probs("A 8/B C 1 2 3 4", 0.5f, 0.45f);
    assertThat(lane.read(split).orElseThrow().text()).isEqualTo("ABC1234");
  }

  @Test
  @DisplayName("A format that a free read fits as it stands never costs it the read it won without that format")
  void formatOfAnotherShapeKeepsTheFreeRead() {
    // a sure 8 where the old Brazilian plate has a letter: read as it stands, the read of no format wins
    float[][] sure = probs("A 8 C 1 2 3 4", 0.95f, 0f);
    double wide = 400.0 / 130;
    assertThat(new FormatRules(List.of(BR_OLD), true, FLOOR).read(sure, wide).orElseThrow().text())
        .isEqualTo("A8C1234");
    // a square format of another country that the read fits as it stands: its shape is far from the box's, and
    // the read is still at least a read of no format, naming none (a US plate 95003 and Abu Dhabi's 9 with 5003)
    PlateProfile square = PlateProfile.fromJson(new JsonObject("{\"id\":\"square\",\"country\":\"AE\","
        + "\"sizeMm\":[150,150],\"rows\":[{\"pattern\":\"LDLDDDD\"}]}"));
    FormatRules.Reading r = new FormatRules(List.of(BR_OLD, square), true, FLOOR).read(sure, wide).orElseThrow();
    assertThat(r.text()).isEqualTo("A8C1234");
    assertThat(r.format()).isNull();
    // in a box of the square format's shape the read is that format's plate
    assertThat(new FormatRules(List.of(BR_OLD, square), true, FLOOR).read(sure, 1.0).orElseThrow().format())
        .isEqualTo("square");
  }

  /** Tasmania's plates, L DD LL: one shape, every plate of it. */
  static final PlateProfile TAS = PlateProfile.fromJson(new JsonObject("{\"id\":\"tas\",\"country\":\"AU\","
      + "\"sizeMm\":[372,134],\"rows\":[{\"pattern\":\"L DD LL\"}]}"));
  /** Indonesia's, B 1234 ABC: one to four digits and one to three letters, mostly four and three as issued. */
  static final PlateProfile IDN = PlateProfile.fromJson(new JsonObject("{\"id\":\"idn\",\"country\":\"ID\","
      + "\"sizeMm\":[430,135],\"choices\":{\"area\":[\"B\",\"D\",\"H\",\"L\"]},\"alphabet\":{\"n\":\"123456789\"},"
      + "\"rows\":[{\"pattern\":\"{area} nD?D?D? LL?L?\"}]}"));

  @Test
  @DisplayName("A format's rare shape counts little against another format: H15OQ is Tasmania's, not H 150 Q")
  void rareVariantOfAnotherCountryCountsLittle() {
    // Tasmania's H15OQ, its O read as the 0 it looks like: as read it is Indonesia's H 150 Q, a plate of three
    // digits and one letter, which holds one in 7,800 of Indonesia's plates as issued (Tasmania's every one)
    float[][] zero = probs("H 1 5 0 Q", 0.9f, 0f);
    double box = 372.0 / 134;
    FormatRules.Reading r = new FormatRules(List.of(TAS, IDN), true, FLOOR).read(zero, box).orElseThrow();
    assertThat(r.text()).isEqualTo("H15OQ");
    assertThat(r.format()).isEqualTo("tas");
    // Indonesia's formats alone (a hinted lane) read it as Indonesia's plate, as read
    FormatRules.Reading indonesia = new FormatRules(List.of(IDN), true, FLOOR).read(zero, box).orElseThrow();
    assertThat(indonesia.text()).isEqualTo("H150Q");
    assertThat(indonesia.format()).isEqualTo("idn");
    // a format whose every plate has the read's shape keeps its read as it stands, as before: the rare shape is
    // Indonesia's, not the read's
    PlateProfile oneShape = PlateProfile.fromJson(new JsonObject("{\"id\":\"one-shape\",\"country\":\"XX\","
        + "\"sizeMm\":[372,134],\"rows\":[{\"pattern\":\"L DDD L\"}]}"));
    FormatRules.Reading common = new FormatRules(List.of(TAS, oneShape), true, FLOOR).read(zero, box).orElseThrow();
    assertThat(common.text()).isEqualTo("H150Q");
    assertThat(common.format()).isEqualTo("one-shape");
    // a sure character that no look-alike explains stands: H150QX is no Tasmanian plate, and stays Indonesia's
    assertThat(new FormatRules(List.of(TAS, IDN), true, FLOOR).read(probs("H 1 5 0 Q X", 0.9f, 0f), box)
        .orElseThrow().text()).isEqualTo("H150QX");
    // the full Indonesian plate of a Tasmanian lane's size is Indonesia's: its shape holds most of its plates
    FormatRules.Reading full = new FormatRules(List.of(TAS, IDN), true, FLOOR)
        .read(probs("B 1 2 3 4 A B C", 0.9f, 0f), box).orElseThrow();
    assertThat(full.text()).isEqualTo("B1234ABC");
    assertThat(full.format()).isEqualTo("idn");
    // the weight's floor is one over the prior: a prior under 1 would turn it into a bonus
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new FormatRules(List.of(TAS), true, FLOOR, 0.5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
  }

  @Test
  @DisplayName("A read that is a plate of a known format as it stands is not turned into another format's plate")
  void readThatFitsAsReadStands() {
    PlateProfile digitFirst = PlateProfile.fromJson(new JsonObject("{\"id\":\"digit-first\",\"country\":\"US\","
        + "\"sizeMm\":[400,130],\"rows\":[{\"pattern\":\"DLLDDDD\"}]}"));
    FormatRules lane = new FormatRules(List.of(BR_OLD, digitFirst), true, FLOOR);
    // D or O, the OCR leans to D: DPB1998 is an old Brazilian plate as read; 0PB1998 would need the O's share
    float[][] p = probs("D/O P B 1 9 9 8", 0.5f, 0.45f);
    FormatRules.Reading r = lane.read(p).orElseThrow();
    assertThat(r.text()).isEqualTo("DPB1998");
    assertThat(r.format()).isEqualTo("br-old");
    // the same glyph split when the read fits no format: the format's O/0 evidence with the prior wins
    assertThat(new FormatRules(List.of(digitFirst), true, FLOOR).read(p).orElseThrow().text()).isEqualTo("0PB1998");
    // a profile's typeface may draw more look-alikes alike
    PlateProfile mandatory = PlateProfile.fromJson(new JsonObject("{\"id\":\"m\",\"country\":\"BR\","
        + "\"sizeMm\":[400,130],\"rows\":[{\"pattern\":\"LLLDDDD\"}],"
        + "\"render\":{\"text\":{\"sameGlyphs\":[\"D0\"]}}}"));
    int d = FormatRules.ALPHABET.indexOf('D');
    int zero = FormatRules.ALPHABET.indexOf('0');
    assertThat(FormatRules.sameGlyphs(mandatory)[zero][d]).isTrue();
    assertThat(FormatRules.sameGlyphs(BR_OLD)[zero][d]).isFalse();
    assertThat(FormatRules.sameGlyphs(BR_OLD)[zero][FormatRules.ALPHABET.indexOf('O')]).isTrue();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> FormatRules.sameGlyphs(PlateProfile.fromJson(
        new JsonObject("{\"id\":\"bad\",\"country\":\"BR\",\"sizeMm\":[400,130],"
            + "\"rows\":[{\"pattern\":\"LLL\"}],\"render\":{\"text\":{\"sameGlyphs\":[\"D\"]}}}")))))
        .hasMessageContaining("bad").hasMessageContaining("render.text.sameGlyphs[0]");
  }

  @Test
  @DisplayName("Of several crops of one plate read as lines, the best format fit wins, the free-read rule over all")
  void bestOfSeveralCrops() {
    FormatRules lane = new FormatRules(BR, true, FLOOR);
    float[][] loose = probs("Q A B C 1 2 3 4 7", 0.6f, 0f);   // a loose crop: junk at both ends, doubtful
    float[][] tight = probs("A B C 1 2 3 4", 0.9f, 0f);
    FormatRules.Reading r = lane.read(List.of(loose, tight), null, 400.0 / 130).orElseThrow();
    assertThat(r.text()).isEqualTo("ABC1234");
    assertThat(r.format()).isEqualTo("br-old");
    // a free read of one crop still beats a format fit of another that is far less probable
    float[][] sureFree = probs("X Y 1 2 3 4 5 6 7", 0.99f, 0f);
    float[][] weakFit = probs("A B C 1 2 3 4", 0.3f, 0f);
    assertThat(lane.read(List.of(sureFree, weakFit), null, 400.0 / 130).orElseThrow().format()).isNull();
  }

  @Test
  @DisplayName("A line's weight scales its readings: a surer read of a less likely crop wins only by that margin")
  void weightedLines() {
    FormatRules lane = new FormatRules(BR, true, FLOOR);
    float[][] asIs = probs("A B C 1 2 3 4", 0.85f, 0f);
    float[][] inverted = probs("A B D 1 2 3 4", 0.9f, 0f);
    double aspect = 400.0 / 130;
    assertThat(lane.read(List.of(asIs, inverted), null, aspect).orElseThrow().text()).isEqualTo("ABD1234");
    FormatRules.Reading r = lane.read(List.of(asIs, inverted), new double[] {1, 0.5}, null, aspect).orElseThrow();
    assertThat(r.text()).isEqualTo("ABC1234");
    // the weight chooses among the crops; the confidences reported are the OCR's own
    FormatRules.Reading alone = lane.read(List.<float[][]>of(inverted), new double[] {0.5}, null, aspect).orElseThrow();
    assertThat(alone.text()).isEqualTo("ABD1234");
    FormatRules.Reading unweighted = lane.read(List.<float[][]>of(inverted), null, aspect).orElseThrow();
    assertThat(alone.confidence()).isEqualTo(unweighted.confidence());
    assertThatThrownBy(() -> lane.read(List.of(asIs, inverted), new double[] {1}, null, aspect))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("A hint adds and never removes: a read no hinted format wins is read as on a lane without the hint")
  void hintAddsNeverRemoves() {
    PlateProfile digitThird = PlateProfile.fromJson(new JsonObject("{\"id\":\"digit-third\",\"country\":\"AU\","
        + "\"sizeMm\":[372,135],\"rows\":[{\"pattern\":\"LLDLDL\"}]}"));
    FormatRules unhinted = new FormatRules(List.of(BR_OLD, digitThird), true, FLOOR);
    FormatRules hinted = new FormatRules(List.of(BR_OLD), true, FLOOR).orElse(unhinted);
    // a vanity plate of the hinted country, O or 0 in doubt: no hinted format fits, a known one does with the 0
    float[][] vanity = probs("S G O/0 B 2 C", 0.5f, 0.45f);
    assertThat(new FormatRules(List.of(BR_OLD), true, FLOOR).read(vanity).orElseThrow().text()).isEqualTo("SGOB2C");
    assertThat(hinted.read(vanity).orElseThrow().text()).isEqualTo(unhinted.read(vanity).orElseThrow().text())
        .isEqualTo("SG0B2C");
    // where a hinted format wins, the hint decides
    float[][] old = probs("A 0/O C 1 2 3 4", 0.5f, 0.45f);
    assertThat(hinted.read(old).orElseThrow().format()).isEqualTo("br-old");
    // strict rules stay strict: only a hinted format is read, as without orElse
    FormatRules strict = new FormatRules(List.of(BR_OLD), false, FLOOR).orElse(unhinted);
    assertThat(strict.read(vanity).orElseThrow().format()).isEqualTo("br-old");
    assertThat(strict.read(vanity).orElseThrow().text())
        .isEqualTo(new FormatRules(List.of(BR_OLD), false, FLOOR).read(vanity).orElseThrow().text());
    assertThat(strict.acceptsFreeReads()).isFalse();
  }

  @Test
  @DisplayName("Optional positions fit each variant, but none shorter than a free read: a fragment is no plate")
  void variantsDownToFourCharacters() {
    PlateProfile lu = PlateProfile.fromJson(new JsonObject("{\"id\":\"lu\",\"country\":\"LU\","
        + "\"sizeMm\":[520,110],\"rows\":[{\"pattern\":\"L?L? DD?D?D?\"}]}"));
    FormatRules strict = new FormatRules(List.of(lu), false, FLOOR);
    assertThat(strict.read(probs("A B 1 2 3 4", 0.9f, 0f)).orElseThrow().format()).isEqualTo("lu");
    assertThat(strict.read(probs("A 1 2 3", 0.9f, 0f)).orElseThrow().text()).isEqualTo("A123");
    assertThat(strict.read(probs("H 5 4", 0.9f, 0f))).as("3 characters").isEmpty();
  }

  @Test
  @DisplayName("A European lane reads Poland's black 1976 square plate with its three letters, not as today's district")
  void oldPolishSquarePlateUnderEuropeHint() {
    FormatRules europe = europeLane();
    // WAD over 0123: the D is read a little doubtfully (0 second). Today's two-row plate (pl-2) would take WA for its
    // district and the D for the digit its bottom row begins with; the 1976 plate (pl-76-2) is the read as it stands
    float[][] line = probs("W A D 0 1 2 3", 0.9f, 0f);
    float[][][] rows = {probs("W A D/0", 0.8f, 0.15f), probs("0 1 2 3", 0.95f, 0f)};
    FormatRules.Reading r = europe.read(line, rows, 305.0 / 214).orElseThrow();
    assertThat(r.text()).isEqualTo("WAD0123");
    assertThat(r.format()).isEqualTo("pl-76-2");
    // the one-row plate of the series, state vehicles' letter at the end too
    FormatRules.Reading wide = europe.read(probs("W A W 0 1 2 A", 0.9f, 0f), 520.0 / 120).orElseThrow();
    assertThat(wide.text()).isEqualTo("WAW012A");
    assertThat(wide.format()).isEqualTo("pl-76");
  }

  @Test
  @DisplayName("A two-row format fits only rows read with its split: German GM over CI 843 is no Polish GMC over 1843")
  void twoRowFormatNeedsItsRowSplit() {
    // ocr-eu2's crop_d_gmci843_close: the square crop's line is a jumble, its rows GM and CI843 (the I a little
    // like a 1). Joined, GMC1843 is three letters and four digits, Poland's 1976 square plate (LLL over DDDA), but
    // its rows part after the third character, and these after the second. A lane that knows only that plate
    // (with every format, the German one as read wins on its own evidence) reads what the OCR saw
    FormatRules polishOnly = new FormatRules(
        List.of(io.lanekeeper.plates.PlateProfiles.builtIn().get("pl-76-2")), true, FLOOR, FormatRules.HINT_PRIOR);
    float[][] line = probs("I G B 4 3", 0.3f, 0f);
    float[][][] rows = {probs("G M", 0.9f, 0f), probs("C I/1 8 4 3", 0.55f, 0.4f)};
    FormatRules.Reading r = polishOnly.read(line, rows, 340.0 / 200).orElseThrow();
    assertThat(r.text()).isEqualTo("GMCI843");
    assertThat(r.format()).isNull();
    FormatRules europe = europeLane();
    assertThat(europe.read(line, rows, 340.0 / 200).orElseThrow().text()).isEqualTo("GMCI843");
    // rows of the 1976 plate's split, read a little more like a 1, are that plate
    float[][][] polish = {probs("G M C", 0.9f, 0f), probs("1/I 8 4 3", 0.55f, 0.4f)};
    FormatRules.Reading p = europe.read(line, polish, 305.0 / 214).orElseThrow();
    assertThat(p.text()).isEqualTo("GMC1843");
    assertThat(p.format()).isEqualTo("pl-76-2");
  }

  @Test
  @DisplayName("Strict lanes read NL sidecodes 1-11, old Spanish and Belgian plates, Polish 1A234, German E and H")
  void newerAndOlderSeriesOfEuropeanCountries() {
    FormatRules nl = strictLane("NL");
    // sidecodes 1 to 11, 1951 to today, with the vowels and M of 1-3, a motorcycle's M in 5 and 6, and a
    // semi-trailer's O and vowels
    Map<String, String> dutch = new java.util.LinkedHashMap<>();
    dutch.put("AE1234", "nl-1951");
    dutch.put("1234UM", "nl-1965");
    dutch.put("12EB34", "nl-1973");
    dutch.put("BD12FG", "nl-4");
    dutch.put("BDFG12", "nl-5");
    dutch.put("MZGN12", "nl-5");
    dutch.put("12BDFG", "nl-6");
    dutch.put("12MZGN", "nl-6");
    dutch.put("12BDF3", "nl-7");
    dutch.put("1BDF12", "nl-8");
    dutch.put("BD123F", "nl");
    dutch.put("G001BB", "nl-10");
    dutch.put("GBB01B", "nl-11");
    dutch.put("OA12EU", "nl-o");
    dutch.forEach((plate, format) -> {
      FormatRules.Reading r = nl.read(sure(plate), 520.0 / 110)
          .orElseThrow(() -> new AssertionError(plate));
      assertThat(r.text()).as(plate).isEqualTo(plate);
      assertThat(r.format()).as(plate).isEqualTo(format);
    });
    // a semi-trailer's O read as a zero is the letter: no Dutch plate begins 0 and a letter
    FormatRules.Reading trailer = nl.read(probs("0/O B 1 2 X Z", 0.6f, 0.3f), 520.0 / 110).orElseThrow();
    assertThat(trailer.text()).isEqualTo("OB12XZ");
    assertThat(trailer.format()).isEqualTo("nl-o");
    // the square plate carries a motorcycle's M
    float[][][] rows = {probs("M Z", 0.9f, 0f), probs("G N 1 2", 0.9f, 0f)};
    FormatRules.Reading square = nl.read(probs("M Z G N 1 2", 0.5f, 0f), rows, 280.0 / 200).orElseThrow();
    assertThat(square.text()).isEqualTo("MZGN12");
    assertThat(square.format()).isEqualTo("nl-2");
    // no car's letter group has a vowel since sidecode 4, nor a C, I, O, Q, W or Y in sidecodes 1-3
    assertThat(nl.read(probs("B E 1 2 X Z", 0.9f, 0f), 520.0 / 110)).as("BE12XZ").isEmpty();
    assertThat(nl.read(probs("B U 1 2 X Z", 0.9f, 0f), 520.0 / 110)).as("BU12XZ").isEmpty();
    for (String banned : List.of("C", "W", "Y")) {
      assertThat(nl.read(probs(banned + " B 1 2 3 4", 0.9f, 0f), 520.0 / 110)).as(banned + "B1234").isEmpty();
    }
    assertThat(nl.read(probs("A B 1 2 3 4", 0.9f, 0f), 520.0 / 110)).as("AB1234").isPresent();
    // no Dutch plate begins with three digits and three letters: a strict lane reads the nearest format, sidecode
    // 2's 99-99-XX, the B its look-alike 8
    FormatRules.Reading threeDigits = nl.read(probs("1 2 3 B D F", 0.9f, 0f), 520.0 / 110).orElseThrow();
    assertThat(threeDigits.text()).isEqualTo("1238DF");
    assertThat(threeDigits.format()).isEqualTo("nl-1965");

    FormatRules es = strictLane("ES");
    for (String plate : List.of("M1234AB", "B0042Z", "MA1234BC", "SS9999Z", "1234BCD")) {
      FormatRules.Reading r = es.read(sure(plate), 520.0 / 110)
          .orElseThrow(() -> new AssertionError(plate));
      assertThat(r.text()).as(plate).isEqualTo(plate);
    }
    // a province that never was one (XX) is no Spanish plate
    assertThat(es.read(probs("X X 1 2 3 4 A B", 0.9f, 0f), 520.0 / 110)).isEmpty();

    // Poland's two-letter districts past the 12345 to 123XY series: 1A234 and 1AC23 (serials have no B, D, I, O, Z)
    FormatRules pl = strictLane("PL");
    for (String plate : List.of("DW1AC23", "WA1A234", "WA12345")) {
      float[][] p = sure(plate);
      assertThat(pl.read(p, 520.0 / 114).map(FormatRules.Reading::text)).as(plate).contains(plate);
    }
    // Belgium's red plates of 1973 and 2008, still on the road, beside today's
    FormatRules be = strictLane("BE");
    for (String plate : List.of("ABC123", "123ABC", "1ABC123")) {
      float[][] p = sure(plate);
      assertThat(be.read(p, 520.0 / 110).map(FormatRules.Reading::text)).as(plate).contains(plate);
    }
    // Germany's electric and historic plates: an E or H after the digits, eight characters in all
    FormatRules de = strictLane("DE");
    for (String plate : List.of("MAB1234E", "HHAB12E", "MYKA123H", "MYKAB12H")) {
      float[][] p = sure(plate);
      FormatRules.Reading r = de.read(p, 520.0 / 110).orElseThrow(() -> new AssertionError(plate));
      assertThat(r.text()).as(plate).isEqualTo(plate);
      assertThat(r.format()).as(plate).endsWith("-eh");
    }
    // nine characters are no German plate: the longest district leaves five after it, the E or H counted
    for (String plate : List.of("MYKAB1234", "MYKA1234E")) {
      float[][] p = sure(plate);
      assertThat(de.read(p, 520.0 / 110).map(FormatRules.Reading::text)).as(plate).isNotEqualTo(Optional.of(plate));
    }
  }

  @Test
  @DisplayName("Strict lanes read Northern Ireland, Austria's chosen plates, Italy's square Z, Belgium's O/Q/T, FNI")
  void moreSeriesOfEuropeanCountries() {
    Map<String, String> oneRow = new java.util.LinkedHashMap<>();
    oneRow.put("ABZ1234", "gb-ni");      // a serial letter, Belfast's BZ, four digits
    oneRow.put("KIA12", "gb-ni");
    oneRow.put("WIEN1", "at-w-wunsch");  // Vienna's W-IEN 1
    oneRow.put("AMMAX12", "at-wunsch");  // Amstetten's AM, five characters after it
    oneRow.put("OABC123", "be-oq");
    oneRow.put("TXAB123", "be-t");
    oneRow.put("123QA75", "fr-fni");     // FNI used Q
    oneRow.put("123AB974", "fr-fni-dom");
    oneRow.forEach((plate, format) -> {
      String country = format.substring(0, 2).toUpperCase(java.util.Locale.ROOT);
      FormatRules strict = strictLane(country);
      FormatRules.Reading r = strict.read(sure(plate), 520.0 / 115)
          .orElseThrow(() -> new AssertionError(plate));
      assertThat(r.text()).as(plate).isEqualTo(plate);
      assertThat(r.format()).as(plate).isEqualTo(format);
    });
    FormatRules at = strictLane("AT");
    // Austria's chosen letters come before the digits, which never begin with 0, and never hold a Q; three to five
    // characters follow a two-letter district
    for (String plate : List.of("WIEN01", "BLQA12", "AMMAXI12", "AMA1")) {
      float[][] p = sure(plate);
      assertThat(at.read(p, 520.0 / 120).map(FormatRules.Reading::text)).as(plate).isNotEqualTo(Optional.of(plate));
    }
    // the overseas departments printed two or three digits
    FormatRules fr = strictLane("FR");
    assertThat(fr.read(probs("1 2 3 4 A B 9 7 4", 0.9f, 0f), 520.0 / 110).map(FormatRules.Reading::text))
        .isNotEqualTo(Optional.of("1234AB974"));
    FormatRules it = strictLane("IT");
    float[][][] rows = {probs("Z A", 0.9f, 0f), probs("1 2 3 B C", 0.9f, 0f)};
    FormatRules.Reading square = it.read(probs("Z A 1 2 3 B C", 0.5f, 0f), rows, 297.0 / 214).orElseThrow();
    assertThat(square.text()).isEqualTo("ZA123BC");
    assertThat(square.format()).isEqualTo("it-sq");
  }

  /** A strict lane (no free reads) hinted to {@code country}: every built-in profile of it. */
  private static FormatRules strictLane(String country) {
    return new FormatRules(io.lanekeeper.plates.PlateProfiles.builtIn().select(List.of(country)), false, FLOOR,
        FormatRules.HINT_PRIOR);
  }

  @Test
  @DisplayName("Singapore's checksum letter: a misread check letter or digit is corrected where the check tells")
  void singaporeChecksum() {
    PlateProfile sg = io.lanekeeper.plates.PlateProfiles.builtIn().get("sg");
    FormatRules rules = new FormatRules(List.of(sg), true, FLOOR);
    double box = 520.0 / 90;
    assertThat(rules.formatOf("SBA1234G", box)).isEqualTo("sg");
    assertThat(rules.formatOf("SBA1234C", box)).as("the check letter of SBA 1234 is G").isNull();
    // the check letter read C, G second: SBA 1234 G
    FormatRules.Reading letter = rules.read(probs("S B A 1 2 3 4 C/G", 0.6f, 0.35f), box).orElseThrow();
    assertThat(letter.text()).isEqualTo("SBA1234G");
    assertThat(letter.format()).isEqualTo("sg");
    // a 3 read 8 (3 second), the check letter sure: only SBA 1234 has the check letter G (SBA 1284's is L)
    float[][] digit = sure("SBA1284G");
    digit[5][FormatRules.ALPHABET.indexOf('8')] = 0.55f;
    digit[5][FormatRules.ALPHABET.indexOf('3')] = 0.4f;
    FormatRules.Reading r = rules.read(digit, box).orElseThrow();
    assertThat(r.text()).isEqualTo("SBA1234G");
    assertThat(r.format()).isEqualTo("sg");
    // nothing the check could tell: a read that fits no plate of the format stays the free read, naming none
    FormatRules.Reading free = rules.read(sure("SBA1284G"), box).orElseThrow();
    assertThat(free.text()).isEqualTo("SBA1284G");
    assertThat(free.format()).isNull();
    // a strict lane reads no plate of the format from it
    assertThat(new FormatRules(List.of(sg), false, FLOOR).read(sure("SBA1284G"), box)).isEmpty();
  }

  /** A sure read of {@code plate}: 0.9 on each of its characters. */
  private static float[][] sure(String plate) {
    return probs(String.join(" ", plate.split("")), 0.9f, 0f);
  }

  /** The rules of a lane hinted to Europe with every built-in profile, a read no European format wins as unhinted. */
  private static FormatRules europeLane() {
    io.lanekeeper.plates.PlateProfiles profiles = io.lanekeeper.plates.PlateProfiles.builtIn();
    FormatRules world = new FormatRules(List.copyOf(profiles.all()), true, FLOOR, FormatRules.DEFAULT_PRIOR);
    return new FormatRules(profiles.select(List.of("EUROPE")), true, FLOOR, FormatRules.HINT_PRIOR).orElse(world);
  }

  @Test
  @DisplayName("Lines added one by one read as all of them at once: after the first, and after the rest")
  void linesAddedInSteps() {
    io.lanekeeper.plates.PlateProfiles profiles = io.lanekeeper.plates.PlateProfiles.builtIn();
    FormatRules world = new FormatRules(List.copyOf(profiles.all()), true, FLOOR);
    FormatRules hinted = new FormatRules(profiles.select(List.of("BR")), true, FLOOR, FormatRules.HINT_PRIOR)
        .orElse(world);
    FormatRules strict = new FormatRules(BR, false, FLOOR);
    java.util.Random rnd = new java.util.Random(7);
    String[] texts = {"ABC1234", "ABC1D23", "0LB4809", "WPCAB1234", "GA78862", "K99Z12", "AB123CD", "X786"};
    int compared = 0;
    int formats = 0;
    for (int trial = 0; trial < 300; trial++) {
      List<float[][]> lines = new java.util.ArrayList<>();
      int count = 1 + rnd.nextInt(3);
      for (int l = 0; l < count; l++) {
        lines.add(noisy(texts[rnd.nextInt(texts.length)], rnd));
      }
      double[] weights = new double[lines.size()];
      java.util.Arrays.fill(weights, 1);
      weights[weights.length - 1] = weights.length > 1 ? 0.75 : 1;
      float[][][] rows = rnd.nextBoolean() ? null
          : new float[][][] {noisy(rnd.nextBoolean() ? "W P C A B" : "G A 7 8", rnd), noisy("1 2 3 4", rnd)};
      double aspect = rnd.nextBoolean() ? 1.4 : 400.0 / 130;
      for (FormatRules rules : List.of(world, hinted, strict)) {
        FormatRules.Lines read = rules.start(rows, aspect).add(lines.getFirst(), 1);
        assertSame(read.reading(), rules.read(List.<float[][]>of(lines.getFirst()), null, rows, aspect));
        for (int l = 1; l < lines.size(); l++) {
          read.add(lines.get(l), weights[l]);
        }
        Optional<FormatRules.Reading> atOnce = rules.read(lines, weights, rows, aspect);
        assertSame(read.reading(), atOnce);
        compared += atOnce.isPresent() ? 1 : 0;
        formats += atOnce.isPresent() && atOnce.get().format() != null ? 1 : 0;
      }
    }
    assertThat(compared).as("readings compared").isGreaterThan(500);
    assertThat(formats).as("of them format fits").isGreaterThan(200);
  }

  @Test
  @DisplayName("A read's glyph probabilities, asked for in any order and again, are glyphProbability's")
  void glyphsCached() {
    float[][] p = noisy("A 0 C 1 O 3 4", new java.util.Random(3));
    FormatRules.Glyphs g = new FormatRules.Glyphs(p);
    java.util.Random rnd = new java.util.Random(5);
    for (int k = 0; k < 2000; k++) {
      int slot = rnd.nextInt(FormatRules.SLOTS);
      int c = rnd.nextInt(FormatRules.ALPHABET.length());
      assertThat(g.of(slot, c)).isEqualTo(FormatRules.glyphProbability(p[slot], c));
    }
    int o = FormatRules.ALPHABET.indexOf('O');
    assertThat(g.of(4, o)).isGreaterThan(p[4][o]);   // O takes a share of its look-alike 0
  }

  /** A read of {@code text} (characters apart, or spaced) with random probabilities around it, a look-alike or two. */
  private static float[][] noisy(String text, java.util.Random rnd) {
    String spaced = text.contains(" ") ? text : String.join(" ", text.split(""));
    String[] slots = spaced.split(" ");
    StringBuilder spec = new StringBuilder();
    for (String c : slots) {
      char alike = switch (c.charAt(0)) {
        case '0' -> 'O';
        case 'O' -> '0';
        case '1' -> 'I';
        case 'B' -> '8';
        default -> FormatRules.ALPHABET.charAt(1 + rnd.nextInt(FormatRules.ALPHABET.length() - 1));
      };
      spec.append(spec.isEmpty() ? "" : " ").append(c).append('/')
          .append(alike != c.charAt(0) ? alike : c.charAt(0) == 'A' ? 'B' : 'A');
    }
    float top = 0.4f + 0.55f * rnd.nextFloat();
    return probs(spec.toString(), top, (1 - top) * rnd.nextFloat());
  }

  private static void assertSame(Optional<FormatRules.Reading> a, Optional<FormatRules.Reading> b) {
    assertThat(a.isPresent()).isEqualTo(b.isPresent());
    if (a.isPresent()) {
      FormatRules.Reading x = a.get();
      FormatRules.Reading y = b.get();
      assertThat(x.text()).isEqualTo(y.text());
      assertThat(x.format()).isEqualTo(y.format());
      assertThat(x.score()).isEqualTo(y.score());
      assertThat(x.evidence()).isEqualTo(y.evidence());
      assertThat(x.charConfidences()).containsExactly(y.charConfidences());
    }
  }

  @Test
  @DisplayName("Rules know formats unless they read free only; a hint with none of its own knows its fallback's")
  void hasFormats() {
    FormatRules free = new FormatRules(List.of(), true, FLOOR);
    FormatRules br = new FormatRules(List.of(BR_OLD), true, FLOOR);
    assertThat(free.hasFormats()).isFalse();
    assertThat(br.hasFormats()).isTrue();
    assertThat(new FormatRules(List.of(BR_OLD), false, FLOOR).hasFormats()).as("strict").isTrue();
    assertThat(br.orElse(free).hasFormats()).isTrue();
    assertThat(free.orElse(br).hasFormats()).as("a hint of nothing, falling back to BR").isTrue();
    assertThat(free.orElse(new FormatRules(List.of(), true, FLOOR)).hasFormats()).isFalse();
  }
}
