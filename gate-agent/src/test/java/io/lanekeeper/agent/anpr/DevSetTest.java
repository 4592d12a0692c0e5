package io.lanekeeper.agent.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanekeeper.bus.Box;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevSetTest {

  @Test
  @DisplayName("A dev-set folder gives each image its plates, normalised, with ? kept as unreadable")
  void parsesFolder(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("car1.jpg"), new byte[] {1});
    Files.write(dir.resolve("car2.jpg"), new byte[] {1});
    Files.write(dir.resolve("empty.png"), new byte[] {1});
    Files.writeString(dir.resolve("car1.txt"), "car1.jpg\t528\t412\t162\t52\tayo-9034\n");
    Files.writeString(dir.resolve("car2.txt"), "car2.jpg\t1\t2\t3\t4\tABC1D23\ncar2.jpg\t5\t6\t7\t8\t?\n\n");

    List<DevSet.Sample> set = DevSet.load(dir);

    assertThat(set).extracting(s -> s.image().getFileName().toString())
        .containsExactly("car1.jpg", "car2.jpg", "empty.png");
    assertThat(set.get(0).plates()).containsExactly(new DevSet.Truth(new Box(528, 412, 162, 52), "AYO9034"));
    assertThat(set.get(1).plates()).containsExactly(new DevSet.Truth(new Box(1, 2, 3, 4), "ABC1D23"),
        new DevSet.Truth(new Box(5, 6, 7, 8), null));
    assertThat(set.get(2).plates()).isEmpty();
  }

  @Test
  @DisplayName("A malformed annotation line is reported with its file and line number")
  void reportsBadLine(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("x.txt"), "x.jpg\t1\t2\t3\tABC\n");
    assertThatThrownBy(() -> DevSet.load(dir)).hasMessageContaining("x.txt:1");
  }
}
