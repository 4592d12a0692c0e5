package io.lanekeeper.agent.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.anpr.AnprConfig;
import io.lanekeeper.anpr.DjlPlateRecognizer;
import io.lanekeeper.anpr.FormatRules;
import io.lanekeeper.anpr.RecognizedPlate;
import io.lanekeeper.anpr.StageTimes;
import io.lanekeeper.bus.Box;
import io.lanekeeper.synth.SynthCommand;
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
  @DisplayName("A lane of read.minLength 2 reads Jersey's short plates; a lane of the default 4 never reads one")
  void shortPlatesWhereTheLaneAllowsThem() throws Exception {
    int rc = SynthCommand.run(new String[] {"--out", dir.toString(), "--crops", "90", "--profiles", "je", "--clean",
        "--seed", "5", "--threads", "1"}, new PrintStream(new ByteArrayOutputStream()));
    assertThat(rc).isZero();
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
