package io.lanekeeper.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueVideoTest {

  @Test
  @DisplayName("A queue of three cars: distinct plates, 4 s each, still while at the barrier, the lane empty between")
  void queueOfThree(@TempDir Path dir) throws Exception {
    QueueVideo.Video v = QueueVideo.write(dir, 3, 5, 7);

    assertThat(v.plates()).hasSize(3).doesNotHaveDuplicates().allMatch(p -> p.matches("[A-Z]{3}[0-9][A-Z][0-9]{2}"));
    assertThat(v.frameCount()).isEqualTo(63);
    assertThat(v.frames().resolve("f00062.jpg")).exists();
    assertThat(v.frames().resolve("f00063.jpg")).doesNotExist();
    QueueVideo.Car second = v.cars().get(1);
    assertThat(second.entersS()).isEqualTo(4.5);
    assertThat(second.stopsS() - second.entersS()).isEqualTo(1.0);
    assertThat(second.leavesS() - second.stopsS()).isEqualTo(2.0);
    assertThat(v.standingAt(second.standingS())).contains(second);
    assertThat(v.standingAt(4.2)).isEmpty();

    byte[] empty = frame(dir, 0);
    assertThat(frame(dir, 21)).as("the lane between two cars").isEqualTo(empty);
    byte[] standing = frame(dir, 28);
    assertThat(standing).isNotEqualTo(empty);
    assertThat(frame(dir, 36)).as("the car at the barrier does not move").isEqualTo(standing);
    assertThat(frame(dir, 26)).as("the car driving in").isNotEqualTo(standing).isNotEqualTo(empty);
  }

  private static byte[] frame(Path dir, int k) throws Exception {
    return Files.readAllBytes(dir.resolve(String.format("f%05d.jpg", k)));
  }
}
