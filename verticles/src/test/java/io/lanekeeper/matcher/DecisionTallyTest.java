package io.lanekeeper.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The log's decision summary: one line per lane and period, counted by the kind of reason")
class DecisionTallyTest {

  @Test
  @DisplayName("counts allowed and refused per lane, refusals by reason without their details, then starts afresh")
  void summary() {
    DecisionTally t = new DecisionTally();
    t.add("north", true, "exact");
    t.add("north", true, "fuzzy (1 edit)");
    t.add("north", false, "unknown");
    t.add("north", false, "deny-listed (1 edit: 8>B)");
    t.add("north", false, "deny-listed");
    t.add("south", false, "ambiguous: ABC1234 or ABC1284");
    assertThat(t.drain()).containsExactly(
        "Lane north, last 1 min: 5 decisions, 2 allowed, 3 refused (2 deny-listed, 1 unknown)",
        "Lane south, last 1 min: 1 decisions, 0 allowed, 1 refused (1 ambiguous)");
    assertThat(t.drain()).isEmpty();
  }

  @Test
  @DisplayName("a reason's kind: the words before a detail; a blank one named, a long one cut")
  void kinds() {
    assertThat(DecisionTally.kind("deny-listed (2 edits)")).isEqualTo("deny-listed");
    assertThat(DecisionTally.kind("lot full 12/12")).isEqualTo("lot full");
    assertThat(DecisionTally.kind(null)).isEqualTo("no reason");
    assertThat(DecisionTally.kind("  ")).isEqualTo("no reason");
    assertThat(DecisionTally.kind("(odd)")).isEqualTo("other");
    assertThat(DecisionTally.kind("x".repeat(500))).hasSize(40);
  }
}
