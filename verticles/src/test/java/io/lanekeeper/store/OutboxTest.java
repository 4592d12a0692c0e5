package io.lanekeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

  @TempDir
  Path dir;

  private long segments() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("seg-")).count();
    }
  }

  @Test
  @DisplayName("Writes survive a reopen from the first one not acknowledged; a line cut by a crash is left out")
  void reopenAndCrash() throws Exception {
    Outbox o = Outbox.open(dir, 1 << 20);
    for (int i = 1; i <= 5; i++) {
      o.add("event", new JsonObject().put("n", i));
    }
    o.acked(2);
    o.sync(o.drain());
    o.close();
    Path seg;
    try (Stream<Path> s = Files.list(dir)) {
      seg = s.filter(p -> p.getFileName().toString().startsWith("seg-")).findFirst().orElseThrow();
    }
    Files.writeString(seg, "6\tevent\t{\"n\":", StandardOpenOption.APPEND);

    Outbox again = Outbox.open(dir, 1 << 20);
    assertThat(again.loaded()).extracting(e -> e.body().getInteger("n")).containsExactly(3, 4, 5);
    Outbox.Entry next = again.add("gate", new JsonObject().put("n", 7));
    assertThat(next.seq()).as("sequence numbers go on after the last whole line").isEqualTo(6);
    again.acked(6);
    again.sync(again.drain());
    again.close();
    assertThat(segments()).as("every segment acknowledged is deleted").isZero();
    assertThat(Outbox.open(dir, 1 << 20).loaded()).isEmpty();
  }

  @Test
  @DisplayName("A full outbox drops plate reads but keeps decisions and gate actions")
  void fullKeepsDecisions() throws Exception {
    Outbox o = Outbox.open(dir, 300);
    String big = "x".repeat(200);
    assertThat(o.add("read", new JsonObject().put("crop", big))).isNotNull();
    o.sync(o.drain());
    assertThat(o.add("read", new JsonObject().put("crop", big))).isNull();
    assertThat(o.add("event", new JsonObject().put("crop", big))).isNotNull();
    assertThat(o.dropped()).isEqualTo(1);
  }
}
