package io.lanekeeper.agent.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.anpr.AnprConfig;
import io.lanekeeper.anpr.DjlPlateRecognizer;
import io.lanekeeper.anpr.FormatRules;
import io.lanekeeper.anpr.RecognizedPlate;
import io.lanekeeper.anpr.StageTimes;
import io.lanekeeper.bus.Box;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jersey's plates are J and one to six digits, so {@code J 7} is a plate. A lane reads no plate shorter than its
 * {@code read.minLength} (4 by default: a shorter read is mostly a fragment of a plate as a car enters); a Jersey
 * lane that lowers it gets its short plates read, by the shipped models, on crops the generator draws.
 */
class ShortPlatesTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("anpr eval --min-length 2 reads the short plates of Jersey scenes that a lane of the default 4 misses")
  void evalAsALaneOfShortPlates() throws Exception {
    GeneratedScenes.synth(dir, "--lengths", "even", "--scenes", "30", "--profiles", "je", "--clean", "--seed", "6");
    String scenes = dir.resolve("scenes").toString();
    io.vertx.core.json.JsonObject byDefault = eval(scenes);
    io.vertx.core.json.JsonObject ofTwo = eval(scenes, "--min-length", "2");
    long shortPlates = shortOnes(byDefault, null);
    System.out.printf("Jersey scenes: %d readable plates, %d of them shorter than 4; exact %.3f as lanes of 4, %.3f "
        + "as lanes of 2%n", byDefault.getInteger("readable_plates"), shortPlates,
        byDefault.getDouble("plate_accuracy"), ofTwo.getDouble("plate_accuracy"));
    assertThat(shortPlates).as("short plates drawn").isGreaterThanOrEqualTo(5);
    assertThat(shortOnes(byDefault, true)).as("short plates a lane of 4 reads").isZero();
    assertThat(shortOnes(ofTwo, true)).as("short plates a lane of 2 reads").isGreaterThan(shortPlates / 2);
    assertThat(ofTwo.getDouble("plate_accuracy")).isGreaterThan(byDefault.getDouble("plate_accuracy"));
    assertThat(eval(scenes, "--min-length", "11").getString("failed")).contains("--min-length must be 1 to 10");
  }

  /** {@code anpr eval} over the folder as JSON (every plate listed), or its error as {@code failed}. */
  private io.vertx.core.json.JsonObject eval(String scenes, String... more) throws Exception {
    Path json = Files.createTempFile(dir, "eval", ".json");
    List<String> args = new java.util.ArrayList<>(List.of(scenes, "--json", json.toString(), "--worst", "1000"));
    args.addAll(List.of(more));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = EvalCommand.run(args.toArray(new String[0]), new PrintStream(out, true));
    return rc == 0 ? new io.vertx.core.json.JsonObject(Files.readString(json))
        : new io.vertx.core.json.JsonObject().put("failed", out.toString());
  }

  /** The plates shorter than 4 characters in an eval's list: all, or only those read right ({@code right} true). */
  private static long shortOnes(io.vertx.core.json.JsonObject eval, Boolean right) {
    return eval.getJsonArray("worst").stream().map(io.vertx.core.json.JsonObject.class::cast)
        .filter(c -> c.getString("truth").length() < 4)
        .filter(c -> right == null || c.getString("truth").equals(c.getString("read"))).count();
  }

  @Test
  @DisplayName("A lane of read.minLength 2 reads Jersey's short plates; a lane of the default 4 never reads one")
  void shortPlatesWhereTheLaneAllowsThem() throws Exception {
    GeneratedScenes.synth(dir, "--lengths", "even", "--crops", "90", "--profiles", "je", "--clean", "--seed", "5");
    List<DevSet.CropLabel> crops = DevSet.cropLabels(dir.resolve("crops"));
    int shortPlates = 0;
    int shortExact = 0;
    int longExactByDefault = 0;
    int longExactOfTwo = 0;
    try (DjlPlateRecognizer r = new DjlPlateRecognizer(AnprConfig.defaults())) {
      List<FormatRules> lanes = List.of(r.rulesFor(List.of("JE"), false),
          r.rulesFor(List.of("JE"), false, 2));
      assertThat(lanes.get(0).minLength()).isEqualTo(4);
      assertThat(lanes.get(1).minLength()).isEqualTo(2);
      for (DevSet.CropLabel c : crops) {
        byte[] bytes = Files.readAllBytes(c.image());
        BufferedImage img = ImageIO.read(c.image().toFile());
        List<List<RecognizedPlate>> read = r.recognizeModes(bytes, lanes,
            List.of(new Box(0, 0, img.getWidth(), img.getHeight())), new StageTimes());
        String byDefault = read.get(0).isEmpty() ? null : read.get(0).getFirst().text();
        String ofTwo = read.get(1).isEmpty() ? null : read.get(1).getFirst().text();
        assertThat(byDefault == null || byDefault.length() >= 4).as("default lane read %s", byDefault).isTrue();
        if (c.plate().length() < 4) {
          shortPlates++;
          shortExact += c.plate().equals(ofTwo) ? 1 : 0;
        } else {
          longExactByDefault += c.plate().equals(byDefault) ? 1 : 0;
          longExactOfTwo += c.plate().equals(ofTwo) ? 1 : 0;
        }
      }
    }
    assertThat(shortPlates).as("short plates drawn").isGreaterThanOrEqualTo(20);
    // the reader is not perfect, but most of the short plates are read exactly once the lane allows them
    assertThat(shortExact).as("short plates read exactly, of %d", shortPlates).isGreaterThan(shortPlates * 2 / 3);
    // and the lane's longer plates read no worse: a short format does not take a long plate's place
    assertThat(longExactOfTwo).as("long plates read exactly (default lane: %d)", longExactByDefault)
        .isGreaterThanOrEqualTo(longExactByDefault);
  }
}
