package io.lanekeeper.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LatestWinsTest {

  private final List<String> started = new ArrayList<>();
  private final List<String> replaced = new ArrayList<>();
  private final List<Promise<Void>> running = new ArrayList<>();
  private final LatestWins<String> slot = new LatestWins<>(this::work, replaced::add);

  private Future<Void> work(String item) {
    started.add(item);
    Promise<Void> p = Promise.promise();
    running.add(p);
    return p.future();
  }

  @Test
  @DisplayName("While one item is in work, newer items replace the waiting one and only the newest runs next")
  void newestRunsNext() {
    slot.offer("a");
    slot.offer("b");
    slot.offer("c");
    slot.offer("d");

    assertThat(started).containsExactly("a");
    assertThat(replaced).containsExactly("b", "c");

    running.get(0).complete();
    assertThat(started).containsExactly("a", "d");
  }

  @Test
  @DisplayName("A failed item frees the slot like a finished one")
  void failureFreesSlot() {
    slot.offer("a");
    slot.offer("b");
    running.get(0).fail("engine down");

    assertThat(started).containsExactly("a", "b");
    running.get(1).complete();
    assertThat(slot.busy()).isFalse();
  }

  @Test
  @DisplayName("After close nothing new starts")
  void closed() {
    slot.offer("a");
    slot.offer("b");
    slot.close();
    running.get(0).complete();
    slot.offer("c");

    assertThat(started).containsExactly("a");
  }
}
