package io.lanekeeper.agent.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.anpr.RecognizedPlate;
import io.lanekeeper.anpr.TeacherReader;
import io.lanekeeper.bus.Box;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule that keeps a machine label, and the teacher's decoding, without the teacher's model. */
class PseudoLabelTest {

  private static RecognizedPlate ours(String text, double confidence, String format) {
    return new RecognizedPlate(text, confidence, new double[text.length()], format, new Box(0, 0, 10, 5), 1, null);
  }

  @Test
  @DisplayName("A label is kept only when both readers agree, the read fits a profile of the formats, both are sure")
  void keepRule() {
    PseudoLabelCommand.Rule rule = new PseudoLabelCommand.Rule(Set.of("de", "fr"), 0.9, 0.9);
    TeacherReader.Read same = new TeacherReader.Read("MAB1234", 0.95);
    assertThat(rule.keeps(ours("MAB1234", 0.97, "de"), same)).isTrue();
    assertThat(rule.keeps(ours("MAB1234", 0.97, "de"), new TeacherReader.Read("MAB1284", 0.95))).isFalse();
    assertThat(rule.keeps(ours("MAB1234", 0.97, "pl"), same)).as("a profile of other formats").isFalse();
    assertThat(rule.keeps(ours("MAB1234", 0.97, null), same)).as("a free read").isFalse();
    assertThat(rule.keeps(ours("MAB1234", 0.80, "de"), same)).as("the engine unsure").isFalse();
    assertThat(rule.keeps(ours("MAB1234", 0.97, "de"), new TeacherReader.Read("MAB1234", 0.5))).isFalse();
    assertThat(rule.keeps(null, same)).isFalse();
  }

  @Test
  @DisplayName("The teacher's CTC path: repeats merged, blanks split them, marks and other scripts left out")
  void teacherDecoding() {
    List<String> dict = List.of("", "a", "Ö", "1", "-", "京", " ");
    // columns: a a blank a Ö - 京 1 (blank)
    int[] path = {1, 1, 0, 1, 2, 4, 5, 3, 0};
    float[][] steps = new float[path.length][dict.size()];
    for (int i = 0; i < path.length; i++) {
      steps[i][path[i]] = i == 7 ? 0.6f : 0.9f;
    }
    TeacherReader.Read r = TeacherReader.decode(steps, dict);
    assertThat(r.text()).isEqualTo("AAO1");
    assertThat(r.confidence()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(TeacherReader.decode(new float[][] {{1, 0, 0, 0, 0, 0, 0}}, dict).confidence()).isZero();
  }

  @Test
  @DisplayName("--out's folder is made before any crop is read; one that cannot be made is an error naming --out")
  void outFolderFirst(@TempDir Path tmp) throws IOException {
    Path labels = tmp.resolve("runs/eu/labels.csv");
    Files.createDirectories(tmp.resolve("crops"));
    // no teacher there: the command stops at the teacher, after it made the labels' folder
    int rc = PseudoLabelCommand.run(new String[] {tmp.resolve("crops").toString(), "--teacher",
        tmp.resolve("no-teacher").toString(), "--formats", "EUROPE", "--out", labels.toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(rc).isEqualTo(2);
    assertThat(labels.getParent()).isDirectory();
    Files.writeString(tmp.resolve("file"), "x");
    Assertions.assertThatThrownBy(() -> PseudoLabelCommand.outFolder(tmp.resolve("file/eu/labels.csv").toString()))
        .isInstanceOf(IOException.class).hasMessageContaining("--out: cannot create the folder")
        .hasMessageContaining(tmp.resolve("file/eu").toString());
  }
}
