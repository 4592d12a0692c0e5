package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.matcher.MatcherConfig;
import io.lanekeeper.matcher.MatcherVerticle;
import io.lanekeeper.testing.Decisions;
import io.lanekeeper.testing.FreshDatabase;
import io.lanekeeper.testing.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("db")
@ExtendWith(VertxExtension.class)
@DisplayName("Visitor passes and lot counts over HTTP, honoured by the matcher")
class PassesApiTest {

  @RegisterExtension
  final FreshDatabase db = new FreshDatabase();
  private WebClient client;

  @TempDir
  Path dir;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    db.exec("INSERT INTO lots (id, name, capacity) VALUES ('p1', 'Garage', 1)");
    MatcherConfig matcher = new MatcherConfig(db.target(), 2, 200, LaneConfig.listFrom(new JsonArray()
        .add(new JsonObject().put("id", "e1").put("lot", "p1"))), dir.resolve("s.jsonl.gz"),
        java.time.ZoneId.systemDefault());
    WebTesting.deploy(vertx, WebTesting.config(db.target(), 1 << 20, "e1"))
        .compose(web -> WebTesting.login(vertx, web, db.target(), "operator"))
        .compose(c -> {
          client = c;
          return vertx.deployVerticle(new MatcherVerticle(matcher));
        })
        .compose(id -> Poll.until(vertx, "the matcher's registry from the database",
            () -> vertx.eventBus().<JsonObject>request(Addresses.MATCHER_STATUS, new JsonObject()).map(m -> m.body()),
            s -> "database".equals(s.getString("source")) && !s.getBoolean("loading")))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("A receptionist's reserved pass lets a visitor into a full lot; staff correct the count and the gate "
      + "counts from there")
  void reservedPassAndCorrection(Vertx vertx, VertxTestContext ctx) {
    Instant now = Instant.now();
    JsonObject pass = new JsonObject().put("plate", "vis-1234").put("lot", "p1").put("reserved", true)
        .put("validFrom", now.minusSeconds(60).toString()).put("validTo", now.plusSeconds(3600).toString())
        .put("note", "Dr <i>Who</i>, 3rd floor");
    client.put("/api/lots/p1/occupancy").sendJsonObject(new JsonObject().put("occupancy", 1))
        .compose(r -> {
          ctx.verify(() -> assertThat(r.bodyAsJsonObject().getInteger("occupancy")).isEqualTo(1));
          return client.post("/api/passes").sendJsonObject(pass);
        })
        .compose(created -> {
          ctx.verify(() -> {
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.bodyAsJsonObject().getString("plate")).isEqualTo("VIS1234");
          });
          return Poll.until(vertx, "the pass in the matcher", () -> Decisions.decide(vertx, "e1", "VIS1234"),
              d -> d.allowed());
        })
        .compose(d -> {
          ctx.verify(() -> assertThat(d.reason()).isEqualTo("exact (pass)"));
          return client.post("/api/passes").sendJsonObject(pass.copy().put("validTo", "soon"));
        })
        .compose(bad -> {
          ctx.verify(() -> assertThat(bad.statusCode()).isEqualTo(400));
          return Poll.until(vertx, "occupancy 2", () -> client.get("/api/lots").send(),
              r -> r.bodyAsJsonObject().getJsonArray("lots").getJsonObject(0).getInteger("occupancy") == 2);
        })
        .onComplete(ctx.succeeding(lots -> ctx.verify(() -> {
          assertThat(lots.bodyAsJsonObject().getJsonArray("lots").getJsonObject(0).getInteger("occupancy"))
              .isEqualTo(2);
          ctx.completeNow();
        })));
  }
}
