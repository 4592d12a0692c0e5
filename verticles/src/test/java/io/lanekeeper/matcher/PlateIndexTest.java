package io.lanekeeper.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlateIndexTest {

  /** Letters and digits weighted towards the look-alike classes, so that collisions and cheap edits are common. */
  private static final String CHARS = "0ODQ1IL7T8B5S2Z6GMWNH3479ACEFJKPRUVXY";

  private static String randomPlate(Random rnd) {
    int len = 5 + rnd.nextInt(4);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      sb.append(CHARS.charAt(rnd.nextInt(CHARS.length())));
    }
    return sb.toString();
  }

  /** Up to three random edits: look-alike substitutions, other substitutions, insertions, deletions. */
  private static String mutate(String s, Random rnd) {
    StringBuilder sb = new StringBuilder(s);
    int edits = rnd.nextInt(4);
    for (int e = 0; e < edits && sb.length() > 1; e++) {
      int i = rnd.nextInt(sb.length());
      switch (rnd.nextInt(4)) {
        case 0 -> sb.setCharAt(i, alikeOf(sb.charAt(i), rnd));
        case 1 -> sb.setCharAt(i, CHARS.charAt(rnd.nextInt(CHARS.length())));
        case 2 -> sb.insert(i, CHARS.charAt(rnd.nextInt(CHARS.length())));
        default -> sb.deleteCharAt(i);
      }
    }
    return sb.toString();
  }

  private static char alikeOf(char c, Random rnd) {
    for (int k = 0; k < 40; k++) {
      char o = CHARS.charAt(rnd.nextInt(CHARS.length()));
      if (o != c && LookAlikes.alike(o, c)) {
        return o;
      }
    }
    return c;
  }

  private static Set<String> brute(List<String> plates, String read, double max) {
    return plates.stream().filter(p -> LookAlikes.distance(p, read, max) >= 0)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> found(PlateIndex idx, String read, double max) {
    return idx.within(read, max).stream().map(PlateIndex.Hit::plate).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  @DisplayName("Look-alike substitutions cost half an edit, every other edit one; the bound cuts the computation short")
  void weightedDistance() {
    assertThat(LookAlikes.distance("ABC1234", "ABC1234", 2)).isZero();
    assertThat(LookAlikes.distance("OBC1234", "0BC1234", 2)).isEqualTo(LookAlikes.COST);
    assertThat(LookAlikes.distance("OBC1234", "DBC1Z34", 2)).isEqualTo(2 * LookAlikes.COST);
    assertThat(LookAlikes.distance("ABC1234", "ABX1234", 2)).isEqualTo(1);
    assertThat(LookAlikes.distance("ABC1234", "ABC123", 2)).isEqualTo(1);
    assertThat(LookAlikes.distance("ABC1234", "XYZ1234", 2)).isEqualTo(-1);
    assertThat(LookAlikes.distance("ABC1234", "ABC1", 2)).isEqualTo(-1);
    assertThat(LookAlikes.distance("8BC1234", "BBC1Z34", 1.0)).isCloseTo(1.0, within(1e-9));
    assertThat(LookAlikes.canonical("OBD1234")).isEqualTo("0801234");
  }

  @Test
  @DisplayName("The index finds exactly the plates a scan over all of them finds, at every distance up to 2, "
      + "whether they were built in, added later or survived removals")
  void agreesWithScan() {
    Random rnd = new Random(42);
    List<String> built = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      built.add(randomPlate(rnd));
    }
    PlateIndex idx = PlateIndex.of(built);
    List<String> all = new ArrayList<>(built);
    for (int i = 0; i < 600; i++) {
      String p = i % 3 == 0 ? mutate(all.get(rnd.nextInt(all.size())), rnd) : randomPlate(rnd);
      if (p.isEmpty()) {
        continue;
      }
      assertThat(idx.add(p)).isEqualTo(all.size());
      all.add(p);
    }
    Set<Integer> gone = new TreeSet<>();
    for (int i = 0; i < 500; i++) {
      int slot = rnd.nextInt(all.size());
      idx.remove(slot);
      gone.add(slot);
    }
    List<String> plates = new ArrayList<>();
    for (int s = 0; s < all.size(); s++) {
      if (!gone.contains(s)) {
        plates.add(all.get(s));
      }
    }
    assertThat(idx.size()).isEqualTo(plates.size());
    int nonEmpty = 0;
    for (int q = 0; q < 400; q++) {
      String read = q % 4 == 0 ? randomPlate(rnd) : mutate(plates.get(rnd.nextInt(plates.size())), rnd);
      for (double max : new double[] {0, 0.5, 1, 1.5, 2}) {
        Set<String> expected = brute(plates, read, max);
        assertThat(found(idx, read, max)).as("read %s, distance %s", read, max).isEqualTo(expected);
        nonEmpty += expected.isEmpty() ? 0 : 1;
      }
    }
    assertThat(nonEmpty).as("the reads reach plates").isGreaterThan(800);
  }

  @Test
  @DisplayName("Added plates are found at once, removed ones never again; compaction keeps the live ones")
  void addRemoveCompact() {
    PlateIndex idx = PlateIndex.of(List.of("ABC1234", "XYZ9876"));
    assertThat(found(idx, "ABC1235", 1)).containsExactly("ABC1234");
    int slot = idx.add("ABD1235");
    assertThat(found(idx, "ABC1235", 1)).containsExactly("ABC1234", "ABD1235");
    assertThat(idx.additions()).isEqualTo(1);
    idx.remove(0);
    assertThat(found(idx, "ABC1235", 1)).containsExactly("ABD1235");
    assertThat(idx.exact("ABC1234")).isEmpty();
    assertThat(idx.exact("ABD1235")).containsExactly(slot);
    PlateIndex c = idx.compacted();
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.additions()).isZero();
    assertThat(found(c, "ABC1235", 1)).containsExactly("ABD1235");
    assertThat(found(c, "XYZ9B76", 0.5)).containsExactly("XYZ9876");
    assertThatThrownBy(() -> c.within("ABC", 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.within("ABCDEFGHIJKLM", 1)).hasMessageContaining("at most 12");
  }

  @Test
  @DisplayName("Hits come nearest first, with their weighted distance")
  void nearestFirst() {
    PlateIndex idx = PlateIndex.of(List.of("ABC1234", "ABC1294", "OBC1234"));
    List<PlateIndex.Hit> hits = idx.within("0BC1234", 2);
    assertThat(hits).extracting(PlateIndex.Hit::plate).containsExactly("OBC1234", "ABC1234", "ABC1294");
    assertThat(hits).extracting(PlateIndex.Hit::distance).containsExactly(0.5, 1.0, 2.0);
  }
}
