package io.lanekeeper.agent.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Box;
import io.lanekeeper.synth.SynthCommand;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite on a small suite of its own: a crop set in the datasets layout (generated crops with a
 * {@code labels.csv}) and a synthetic scene set drawn into the cache, with the shipped models.
 */
class SuiteCommandTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("anpr suite measures each set in three modes, prints the table, writes the JSON and the report")
  void smallSuite() throws Exception {
    Path datasets = dir.resolve("datasets");
    int rc = SynthCommand.run(new String[] {"--out", datasets.resolve("gen").toString(), "--crops", "12",
        "--profiles", "BR", "--clean", "--seed", "11", "--threads", "1"}, quiet());
    assertThat(rc).isZero();
    JsonObject suite = new JsonObject().put("sets", new JsonArray()
            .add(new JsonObject().put("name", "crops-br").put("kind", "crops").put("source", "gen/crops")
                .put("hint", "BR").put("region", "LATAM"))
            .add(new JsonObject().put("name", "synth-br").put("kind", "scenes").put("hint", "LATAM")
                .put("synth", new JsonObject().put("profiles", "br-mercosur").put("scenes", 4))))
        .put("synth", new JsonObject().put("seed", 5));
    Path suiteFile = dir.resolve("suite.json");
    Files.writeString(suiteFile, suite.encode());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Path json = dir.resolve("suite-out.json");
    Path report = dir.resolve("report");
    rc = SuiteCommand.run(new String[] {"--suite", suiteFile.toString(), "--datasets", datasets.toString(),
        "--cache", dir.resolve("cache").toString(), "--json", json.toString(), "--report", report.toString(),
        "--cases", dir.resolve("cases.csv").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(rc).as(printed).isZero();
    assertThat(printed).contains("| crops-br | crops | BR | 12 |", "| synth-br | scenes | LATAM |",
        "**macro** (2 sets)");

    JsonObject j = new JsonObject(Files.readString(json));
    JsonObject crops = j.getJsonArray("sets").getJsonObject(0);
    assertThat(crops.getInteger("plates")).isEqualTo(12);
    assertThat(crops.getValue("detection_recall")).as("no detector on crops").isNull();
    for (String mode : SuiteCommand.MODES) {
      assertThat(crops.getJsonObject("plate_accuracy").getDouble(mode)).as(mode).isBetween(0.0, 1.0);
    }
    assertThat(crops.getJsonObject("plate_accuracy").getDouble("default"))
        .as("clean generated Brazilian crops read by the shipped models").isGreaterThan(0.5);
    JsonObject scenes = j.getJsonArray("sets").getJsonObject(1);
    assertThat(scenes.getDouble("detection_recall")).isGreaterThan(0.5);
    // false reads: per mode on scenes (a count, examples of the default mode's), none on crops (the crop is the box)
    assertThat(crops.getValue("false_reads")).isNull();
    for (String mode : SuiteCommand.MODES) {
      assertThat(scenes.getJsonObject("false_reads").getInteger(mode)).as(mode).isNotNull().isNotNegative();
    }
    assertThat(scenes.getJsonArray("false_read_examples")).hasSize(scenes.getJsonObject("false_reads")
        .getInteger("default"));
    assertThat(printed).containsPattern("false reads \\(a read whose box overlaps no annotated plate\\), "
        + "default/free/hint: synth-br \\d+/\\d+/\\d+ in 4 frames");
    double mean = (crops.getJsonObject("plate_accuracy").getDouble("default")
        + scenes.getJsonObject("plate_accuracy").getDouble("default")) / 2;
    assertThat(j.getJsonObject("macro").getDouble("plate_accuracy")).isCloseTo(mean,
        org.assertj.core.data.Offset.offset(1e-3));
    String html = Files.readString(report.resolve("report.html"));
    assertThat(html).contains("<svg", "crops-br", "synth-br", "Worst reads", "False reads");

    // --cases: every plate once, each mode's read; its exact rows are the table's counts
    List<String> rows = Files.readAllLines(dir.resolve("cases.csv"));
    assertThat(rows.getFirst()).isEqualTo("set,file,truth,default,free,hint,profile");
    assertThat(rows).hasSize(1 + 12 + scenes.getInteger("plates"));
    // the drawn set's plates name the profile they were drawn from; the crop set's name none
    assertThat(rows.stream().skip(1).filter(r -> r.startsWith("synth-br,"))).isNotEmpty()
        .allMatch(r -> r.endsWith(",br-mercosur"));
    assertThat(rows.stream().skip(1).filter(r -> r.startsWith("crops-br,"))).isNotEmpty()
        .allMatch(r -> r.endsWith(","));
    // and count by country: every plate of the drawn set is Brazil's, its exact reads the set's own
    assertThat(crops.getValue("by_country")).isNull();
    JsonObject br = scenes.getJsonObject("by_country").getJsonObject("BR");
    assertThat(scenes.getJsonObject("by_country").fieldNames()).containsExactly("BR");
    assertThat(br.getInteger("plates")).isEqualTo(scenes.getInteger("plates"));
    for (String mode : SuiteCommand.MODES) {
      assertThat(br.getJsonObject("exact").getInteger(mode)).as(mode).isEqualTo(Math.round(scenes
          .getInteger("plates") * scenes.getJsonObject("plate_accuracy").getDouble(mode)));
    }
    assertThat(printed).contains("synth-br by country, exact default (worst first): BR "
        + br.getJsonObject("exact").getInteger("default") + "/" + br.getInteger("plates"));
    assertThat(html).contains("Synthetic sets by country", "exact reads per country in synth-br");
    for (int m = 0; m < SuiteCommand.MODES.size(); m++) {
      int col = 3 + m;
      long exactCrops = rows.stream().skip(1).map(r -> r.split(",", -1))
          .filter(f -> f[0].equals("crops-br") && f[2].equals(f[col])).count();
      assertThat(exactCrops).as(SuiteCommand.MODES.get(m)).isEqualTo(Math.round(12 * crops
          .getJsonObject("plate_accuracy").getDouble(SuiteCommand.MODES.get(m))));
    }

    // the drawn set is kept: a second run draws nothing
    out.reset();
    rc = SuiteCommand.run(new String[] {"--suite", suiteFile.toString(), "--datasets", datasets.toString(),
        "--cache", dir.resolve("cache").toString(), "--sets", "synth-br", "--report", report.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(rc).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("drawing").contains("| synth-br |");
  }

  @Test
  @DisplayName("--cases: one row per readable plate, each mode's read in its column, a miss empty, odd names quoted")
  void casesCsv() {
    Box a = new Box(10, 10, 100, 30);
    Box b = new Box(300, 10, 100, 30);
    List<DevSet.Truth> truths = List.of(new DevSet.Truth(a, "ABC1234"), new DevSet.Truth(b, "XYZ9876"),
        new DevSet.Truth(new Box(500, 10, 100, 30), null));
    String[][] reads = {{"ABC1234", null}, {"A8C1234", "XYZ9876"}, {"ABC1234", "XYZ9B76"}};
    List<EvalMetrics> modes = new java.util.ArrayList<>();
    for (String[] r : reads) {
      EvalMetrics m = new EvalMetrics();
      List<EvalMetrics.Predicted> predicted = new java.util.ArrayList<>();
      predicted.add(new EvalMetrics.Predicted(a, r[0]));
      if (r[1] != null) {
        predicted.add(new EvalMetrics.Predicted(b, r[1]));
      }
      m.add("scene, \"one\".jpg", truths, predicted, 1);
      modes.add(m);
    }
    SuiteCommand.SetDef set = new SuiteCommand.SetDef("s", "scenes", "x", null, "BR", "LATAM", null);
    String csv = SuiteCommand.casesCsv(List.of(new SuiteCommand.SetResult(set, modes, List.of())));
    assertThat(csv.split("\n")).containsExactly("set,file,truth,default,free,hint,profile",
        "s,\"scene, \"\"one\"\".jpg\",ABC1234,ABC1234,A8C1234,ABC1234,",
        "s,\"scene, \"\"one\"\".jpg\",XYZ9876,,XYZ9876,XYZ9B76,");

    // a drawn set: each readable plate is its scene's next drawn profile (the unreadable one was never drawn)
    SuiteCommand.SetResult drawn = new SuiteCommand.SetResult(set, modes, List.of())
        .withDrawn(java.util.Map.of("scene, \"one\".jpg", List.of(new SuiteCommand.Drawn("ABC1234", "br-old"),
            new SuiteCommand.Drawn("XYZ9876", "us-ca"))));
    assertThat(SuiteCommand.casesCsv(List.of(drawn)).split("\n")).endsWith(
        "s,\"scene, \"\"one\"\".jpg\",ABC1234,ABC1234,A8C1234,ABC1234,br-old",
        "s,\"scene, \"\"one\"\".jpg\",XYZ9876,,XYZ9876,XYZ9B76,us-ca");
    List<SuiteCommand.CountryReads> countries = SuiteCommand.byCountry(drawn);
    assertThat(countries).extracting(SuiteCommand.CountryReads::country).as("worst read first")
        .containsExactly("US", "BR");
    assertThat(countries.get(0).plates()).isEqualTo(1);
    assertThat(countries.get(0).exact()).containsExactly(0, 1, 0);
    assertThat(countries.get(1).exact()).containsExactly(1, 0, 1);
    assertThat(SuiteCommand.byCountry(new SuiteCommand.SetResult(set, modes, List.of()))).isEmpty();
    // a plate that is not the one drawn in its place (labels out of step with profiles.csv) counts under none
    SuiteCommand.SetResult outOfStep = new SuiteCommand.SetResult(set, modes, List.of())
        .withDrawn(java.util.Map.of("scene, \"one\".jpg", List.of(new SuiteCommand.Drawn("XYZ9876", "us-ca"))));
    assertThat(SuiteCommand.byCountry(outOfStep)).extracting(SuiteCommand.CountryReads::country)
        .containsExactly("?");
  }

  @Test
  @DisplayName("A drawn set's profiles.csv: rows per scene in order, a missing file none, a malformed row named")
  void drawnProfiles() throws Exception {
    assertThat(SuiteCommand.drawnProfiles(dir)).isEmpty();
    Files.writeString(dir.resolve(SynthCommand.PROFILES_CSV), "file,x,y,w,h,plate,profile\n"
        + "a.jpg,1,2,3,4,ABC1234,br-old\nb.jpg,1,2,3,4,XY12,de\na.jpg,5,6,7,8,7ABC123,us-ca\n\n");
    assertThat(SuiteCommand.drawnProfiles(dir)).containsOnly(
        java.util.Map.entry("a.jpg", List.of(new SuiteCommand.Drawn("ABC1234", "br-old"),
            new SuiteCommand.Drawn("7ABC123", "us-ca"))),
        java.util.Map.entry("b.jpg", List.of(new SuiteCommand.Drawn("XY12", "de"))));
    Files.writeString(dir.resolve(SynthCommand.PROFILES_CSV), "file,x,y,w,h,plate,profile\na.jpg,1,2,3,4,AB\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SuiteCommand.drawnProfiles(dir))
        .isInstanceOf(java.io.IOException.class).hasMessageContaining("profiles.csv:2")
        .hasMessageContaining("file,x,y,w,h,plate,profile");
  }

  @Test
  @DisplayName("A synthetic set's cache entry is for one build of the generator: its classes' digest")
  void cacheKnowsTheGenerator() throws Exception {
    // SHA-256 of no bytes at all: what the digest would be if it found none of the generator's classes
    String nothing = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(new byte[0]));
    assertThat(SuiteCommand.Generator.CODE).hasSize(64).isNotEqualTo(nothing);
    // the plates' package draws texts too: the digest is not the generator's package alone
    assertThat(SuiteCommand.Generator.CODE)
        .isNotEqualTo(SuiteCommand.Generator.digestOf(List.of(SynthCommand.class)));
  }

  @Test
  @DisplayName("a set that does not exist, a missing folder or an unknown hint is a clear error")
  void badInput() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(SuiteCommand.run(new String[] {"--sets", "nope"}, new PrintStream(out, true,
        StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("no set 'nope'", "dev-br");
    out.reset();
    Path suiteFile = dir.resolve("s.json");
    Files.writeString(suiteFile, new JsonObject().put("sets", new JsonArray().add(new JsonObject()
        .put("name", "x").put("kind", "crops").put("source", "missing").put("hint", "BR"))).encode());
    assertThat(SuiteCommand.run(new String[] {"--suite", suiteFile.toString(), "--datasets", dir.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("set x:", "is not a folder");
    out.reset();
    for (String bad : List.of("0", "11")) {
      assertThat(SuiteCommand.run(new String[] {"--min-length", bad}, new PrintStream(out, true,
          StandardCharsets.UTF_8))).isEqualTo(2);
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("--min-length must be 1 to 10, got " + bad);
      out.reset();
    }
    assertThat(SuiteCommand.sets(new JsonObject().put("sets", new JsonArray().add(new JsonObject().put("name", "y")
        .put("kind", "crops").put("source", "z").put("hint", "BR"))))).extracting(SuiteCommand.SetDef::hint)
        .isEqualTo(List.of("BR"));
  }

  @Test
  @DisplayName("when a mode loses plates, the table names each plate the modes read differently, and the JSON too")
  void namesThePlatesAModeLoses() {
    Box box = new Box(0, 0, 100, 30);
    String[][] reads = {   // per plate: truth, default, free, hint
        {"AB123CD", "AB123CD", "AB123CD", "AB123CO"},   // the hint loses it
        {"KA1234", "KA1234", "KA1234", "KA1234"},       // every mode reads it
        {"OO013", "0O013", "OO013", "0O013"},           // free reads it, the rules do not
        {"XY99", "XY98", "XY98", "XY98"}};              // no mode reads it
    List<EvalMetrics> modes = List.of(new EvalMetrics(), new EvalMetrics(), new EvalMetrics());
    for (int k = 0; k < reads.length; k++) {
      for (int m = 0; m < 3; m++) {
        modes.get(m).add(k + ".png", List.of(new DevSet.Truth(box, reads[k][0])),
            List.of(new EvalMetrics.Predicted(box, reads[k][m + 1])), 1);
      }
    }
    SuiteCommand.SetResult r = new SuiteCommand.SetResult(new SuiteCommand.SetDef("ocr-x", "crops", "x", null,
        "EUROPE", "EUROPE", null), modes, List.of());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SuiteCommand.printTable(List.of(r), new PrintStream(out, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("format rules lose plates: ocr-x: default 2 < free 3; ocr-x: hint 1 < default 2",
        "ocr-x 0.png: truth AB123CD, default AB123CD, free AB123CD, hint AB123CO",
        "ocr-x 2.png: truth OO013, default 0O013, free OO013, hint 0O013")
        .doesNotContain("1.png", "3.png");
    assertThat(SuiteCommand.toJson(List.of(r)).getJsonArray("sets").getJsonObject(0).getJsonArray("modes_differ"))
        .containsExactly(new JsonObject().put("file", "0.png").put("truth", "AB123CD").put("default", "AB123CD")
            .put("free", "AB123CD").put("hint", "AB123CO"),
            new JsonObject().put("file", "2.png").put("truth", "OO013").put("default", "0O013")
            .put("free", "OO013").put("hint", "0O013"));
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }
}
