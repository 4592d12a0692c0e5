package io.lanekeeper.agent.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SuiteCompareTest {

  private static JsonObject run(double macro, Object... sets) {
    JsonArray a = new JsonArray();
    for (int i = 0; i < sets.length; i += 4) {
      a.add(new JsonObject().put("name", sets[i]).put("plates", sets[i + 1])
          .put("plate_accuracy", new JsonObject().put("default", sets[i + 2])).put("noise_plates", sets[i + 3]));
    }
    return new JsonObject().put("sets", a).put("macro", new JsonObject().put("plate_accuracy", macro));
  }

  @Test
  @DisplayName("A model is promoted when the macro holds and no set loses more plates than its noise")
  void rule() {
    JsonObject before = run(0.70, "dev-br", 100, 0.90, 6, "ocr-ar", 100, 0.50, 10);
    SuiteCompare.Verdict better = SuiteCompare.compare(before, run(0.74, "dev-br", 100, 0.85, 6, "ocr-ar", 100, 0.63,
        9));
    assertThat(better.keep()).as(better.reasons().toString()).isTrue();
    assertThat(better.table()).contains("| dev-br | 100 | 0.9000 | 0.8500 | -5 | 6 |", "+0.0400");
    assertThat(better.up()).isTrue();
    assertThat(better.line()).startsWith("not worse, and the macro average goes up");

    SuiteCompare.Verdict same = SuiteCompare.compare(before, run(0.70, "dev-br", 100, 0.88, 6, "ocr-ar", 100, 0.52,
        9));
    assertThat(same.keep()).as(same.reasons().toString()).isTrue();
    assertThat(same.up()).isFalse();
    assertThat(same.line()).startsWith("not worse, but the macro average only holds")
        .contains("a change is kept only when it goes up");

    SuiteCompare.Verdict oneSetDown = SuiteCompare.compare(before, run(0.75, "dev-br", 100, 0.80, 6, "ocr-ar", 100,
        0.70, 9));
    assertThat(oneSetDown.keep()).isFalse();
    assertThat(oneSetDown.reasons()).containsExactly("dev-br loses 10 plates, more than its noise of 6");

    SuiteCompare.Verdict macroDown = SuiteCompare.compare(before, run(0.69, "dev-br", 100, 0.89, 6, "ocr-ar", 100,
        0.49, 9));
    assertThat(macroDown.keep()).isFalse();
    assertThat(macroDown.reasons()).containsExactly("the macro average falls from 0.7000 to 0.6900");
    assertThat(macroDown.line()).isEqualTo("worse: the macro average falls from 0.7000 to 0.6900");

    SuiteCompare.Verdict missing = SuiteCompare.compare(before, run(0.9, "dev-br", 100, 0.95, 6));
    assertThat(missing.reasons()).containsExactly("ocr-ar was not measured after");

    // lanes of 2 characters read more plates with the same models: not a comparison of models
    SuiteCompare.Verdict shorterLanes = SuiteCompare.compare(before, run(0.74, "dev-br", 100, 0.90, 6, "ocr-ar", 100,
        0.58, 9).put("min_length", 2));
    assertThat(shorterLanes.keep()).isFalse();
    assertThat(shorterLanes.reasons()).containsExactly("the lanes read from 4 characters before and from 2 after "
        + "(--min-length): measure both alike");
  }

  @Test
  @DisplayName("The format rules may lose no more plates than before on any set: a loss the rules had stays allowed")
  void formatRules() {
    JsonObject before = run(0.70, "synth-asia", 100, 0.80, 8);
    modes(before, 0.78, 0.79);   // the hint one plate under the default already
    JsonObject same = run(0.71, "synth-asia", 100, 0.81, 8);
    modes(same, 0.78, 0.80);
    assertThat(SuiteCompare.rulesLoss(before.getJsonArray("sets").getJsonObject(0))).isEqualTo(1);
    SuiteCompare.Verdict v = SuiteCompare.compare(before, same);
    assertThat(v.keep()).as(v.reasons().toString()).isTrue();

    JsonObject worse = run(0.71, "synth-asia", 100, 0.81, 8);
    modes(worse, 0.82, 0.79);   // free one over the default and the hint two under it
    v = SuiteCompare.compare(before, worse);
    assertThat(v.keep()).isFalse();
    assertThat(v.reasons()).containsExactly("synth-asia: the format rules lose 3 plates (default under free, hint "
        + "under default), 1 before");
    // runs that measured the default only lose none; a set without the default's figure is an error that names it
    assertThat(SuiteCompare.rulesLoss(run(0.7, "x", 100, 0.7, 8).getJsonArray("sets").getJsonObject(0))).isZero();
    JsonObject broken = run(0.7, "x", 100, 0.7, 8);
    broken.getJsonArray("sets").getJsonObject(0).put("plate_accuracy", new JsonObject().put("free", 0.7));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SuiteCompare.rulesLoss(
        broken.getJsonArray("sets").getJsonObject(0))).hasMessage("set x has no default accuracy");
  }

  private static void modes(JsonObject run, double free, double hint) {
    run.getJsonArray("sets").getJsonObject(0).getJsonObject("plate_accuracy").put("free", free).put("hint", hint);
  }

  @Test
  @DisplayName("False reads of the scene sets are shown before and after, and never decide a promotion")
  void falseReads() {
    JsonObject before = run(0.70, "dev-br", 100, 0.90, 6, "ocr-ar", 100, 0.50, 10);
    JsonObject after = run(0.70, "dev-br", 100, 0.90, 6, "ocr-ar", 100, 0.50, 10);
    before.getJsonArray("sets").getJsonObject(0).put("false_reads", new JsonObject().put("default", 32));
    after.getJsonArray("sets").getJsonObject(0).put("false_reads", new JsonObject().put("default", 41));
    SuiteCompare.Verdict v = SuiteCompare.compare(before, after);
    assertThat(v.table()).contains("false reads (default rules, a read whose box overlaps no annotated plate): "
        + "dev-br 32 -> 41\n");
    assertThat(v.keep()).isTrue();
    // runs of before this measure have none: nothing is shown
    assertThat(SuiteCompare.compare(run(0.70, "dev-br", 100, 0.90, 6), run(0.70, "dev-br", 100, 0.90, 6)).table())
        .doesNotContain("false reads");
  }
}
