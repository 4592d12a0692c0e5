package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.CameraStatus;
import io.lanekeeper.config.CameraConfig;
import io.lanekeeper.config.GateConfig;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.config.LaneGate;
import io.lanekeeper.testing.FreshDatabase;
import io.lanekeeper.testing.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("db")
@ExtendWith(VertxExtension.class)
@DisplayName("Health with the database up")
class HealthTest {

  @RegisterExtension
  static final FreshDatabase db = new FreshDatabase();
  private WebClient client;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    WebTesting.deploy(vertx, WebTesting.config(db.target(), 1 << 20, "lane-1"))
        .compose(web -> WebTesting.login(vertx, web, db.target(), "admin"))
        .onComplete(ctx.succeeding(c -> {
          client = c;
          ctx.completeNow();
        }));
  }

  @Test
  @DisplayName("Health is DEGRADED while the model, camera and gate are silent, and UP once they all answer")
  void degradedThenUp(Vertx vertx, VertxTestContext ctx) {
    client.get("/health").send()
        .compose(degraded -> {
          ctx.verify(() -> {
            assertThat(degraded.statusCode()).isEqualTo(200);
            JsonObject h = degraded.bodyAsJsonObject();
            assertThat(h.getString("status")).isEqualTo("DEGRADED");
            assertThat(h.getJsonObject("database").getString("status")).isEqualTo("UP");
            assertThat(h.getJsonObject("model").getString("status")).isEqualTo("DOWN");
            assertThat(degraded.getHeader("Content-Security-Policy")).isEqualTo(WebVerticle.CSP);
            assertThat(degraded.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
          });
          return vertx.eventBus().<JsonObject>consumer(Addresses.HEALTH_MODEL,
              m -> m.reply(new JsonObject().put("status", "UP").put("engine", "fake"))).completion();
        })
        .compose(v -> vertx.eventBus().<JsonObject>consumer(Addresses.gateQuery("lane-1"),
            m -> m.reply(WebTesting.gate("lane-1", "closed").toJson())).completion())
        .compose(v -> {
          vertx.eventBus().publish(Addresses.CAMERA_STATUS, new CameraStatus("lane-1", "push", true, 2.0,
              Instant.now(), 10, 0, 0, 0, 0, null).toJson());
          // health answers from what it holds, refreshed in the background: ask again until it has caught up
          return Poll.until(vertx, "health UP", () -> client.get("/health").send(),
              r -> r.bodyAsJsonObject().getString("status").equals("UP"));
        })
        .onComplete(ctx.succeeding(up -> ctx.verify(() -> {
          JsonObject h = up.bodyAsJsonObject();
          assertThat(h.getString("status")).as(h.encodePrettily()).isEqualTo("UP");
          assertThat(up.statusCode()).isEqualTo(200);
          assertThat(h.getJsonObject("model").getString("engine")).isEqualTo("fake");
          assertThat(h.getJsonObject("gates").getJsonObject("lane-1").getString("state")).isEqualTo("closed");
          assertThat(h.getJsonObject("cameras").getJsonObject("lane-1").getDouble("fps")).isEqualTo(2.0);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("A disabled lane and a lane without a barrier leave health UP; there is no gate to wait for")
  void disabledAndBarrierless(Vertx vertx, VertxTestContext ctx) {
    GateConfig site = GateConfig.from(new JsonObject());
    CameraConfig push = CameraConfig.from(new JsonObject(), "camera.");
    LaneConfig off = new LaneConfig("lane-off", "Off", "entry", 1, List.of("br"), false, push,
        LaneGate.from(new JsonObject(), "", site), false, null, false, "all",
        io.lanekeeper.config.ReadFloor.DEFAULT);
    LaneConfig bare = new LaneConfig("lane-bare", "No barrier", "entry", 1, List.of("br"), false, push,
        LaneGate.from(new JsonObject().put("driver", "none"), "", site), true, null, false, "all",
        io.lanekeeper.config.ReadFloor.DEFAULT);
    WebConfig conf = new WebConfig(WebTesting.config(db.target(), 1 << 20).http(), db.target(), 2,
        List.of(off, bare));
    vertx.eventBus().<JsonObject>consumer(Addresses.HEALTH_MODEL, m -> m.reply(new JsonObject().put("status", "UP")))
        .completion()
        .compose(v -> WebTesting.deploy(vertx, conf))
        .compose(web -> WebTesting.login(vertx, web, db.target(), "viewer"))
        .compose(viewer -> {
          vertx.setPeriodic(200, t -> vertx.eventBus().publish(Addresses.CAMERA_STATUS,
              new CameraStatus("lane-bare", "push", true, 1.0, Instant.now(), 1, 0, 0, 0, 0, null).toJson()));
          return Poll.until(vertx, "health UP", () -> viewer.get("/health").send(),
              r -> r.bodyAsJsonObject().getString("status").equals("UP"));
        })
        .onComplete(ctx.succeeding(up -> ctx.verify(() -> {
          JsonObject h = up.bodyAsJsonObject();
          assertThat(h.getJsonObject("cameras").fieldNames()).containsExactly("lane-bare");
          assertThat(h.getJsonObject("gates")).isEmpty();
          ctx.completeNow();
        })));
  }
}
