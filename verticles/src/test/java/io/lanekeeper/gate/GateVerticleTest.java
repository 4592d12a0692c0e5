package io.lanekeeper.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.GateAction;
import io.lanekeeper.bus.GateCommand;
import io.lanekeeper.bus.GateState;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class GateVerticleTest {

  private final List<GateState> states = new CopyOnWriteArrayList<>();
  private final List<GateAction> actions = new CopyOnWriteArrayList<>();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer(Addresses.GATE_STATE, m -> states.add(GateState.fromJson(m.body())));
    vertx.eventBus().<JsonObject>consumer(Addresses.GATE_ACTION, m -> actions.add(GateAction.fromJson(m.body())));
    JsonObject conf = new JsonObject()
        .put("gate", new JsonObject().put("provider", "mock").put("openMs", 100).put("travelMs", 50)
            .put("maxDecisionAgeMs", 1000))
        .put("lanes", new JsonArray().add(new JsonObject().put("id", "g1")
            .put("gate", new JsonObject().put("pin", 5).put("pulseMs", 80))));
    vertx.deployVerticle(new GateVerticle(), new DeploymentOptions().setConfig(conf)).onComplete(ctx.succeedingThenComplete());
  }

  private static JsonObject open(String decision, Instant at) {
    return new GateCommand("g1", "open", decision, at, "auto", "exact").toJson();
  }

  @Test
  @DisplayName("An open pulses the relay pin once, then the barrier goes open, closing and closed")
  void openPulsesAndCloses(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().request(Addresses.gateCommand("g1"), open("d-1", Instant.now()))
        .onComplete(ctx.succeeding(reply -> {
          GateState s = GateState.fromJson((JsonObject) reply.body());
          ctx.verify(() -> {
            assertThat(s.state()).isEqualTo("opening");
            assertThat(s.relay()).isTrue();
            assertThat(s.pulses()).isEqualTo(1);
          });
          vertx.setTimer(500, t -> ctx.verify(() -> {
            assertThat(states).extracting(GateState::state)
                .containsSubsequence("opening", "open", "closing", "closed");
            GateState last = states.getLast();
            assertThat(last.relay()).isFalse();
            assertThat(last.pulses()).isEqualTo(1);
            assertThat(actions).extracting(GateAction::result).containsExactly("done");
            ctx.completeNow();
          }));
        }));
  }

  @Test
  @DisplayName("A stale decision is refused and the relay stays low")
  void staleRefused(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().request(Addresses.gateCommand("g1"), open("d-old", Instant.now().minusSeconds(5)))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(((ReplyException) e).failureCode()).isEqualTo(409);
          assertThat(e.getMessage()).contains("stale");
          assertThat(states).allMatch(s -> !s.relay() && s.pulses() == 0);
          assertThat(actions).extracting(GateAction::result).containsExactly("stale");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("A second command for the same decision never pulses again")
  void doublePulseRefused(Vertx vertx, VertxTestContext ctx) {
    Instant now = Instant.now();
    vertx.eventBus().request(Addresses.gateCommand("g1"), open("d-2", now))
        .compose(r -> vertx.eventBus().request(Addresses.gateCommand("g1"), open("d-2", now)))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e.getMessage()).contains("already");
          assertThat(states.getLast().pulses()).isEqualTo(1);
          ctx.completeNow();
        })));
  }
}
