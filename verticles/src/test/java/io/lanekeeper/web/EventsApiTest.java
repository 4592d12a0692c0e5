package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("db")
@ExtendWith(VertxExtension.class)
@DisplayName("The history of decisions over HTTP")
class EventsApiTest {

  private static final String OLD = "00000000-0000-0000-0000-000000000001";
  private static final String NEW = "00000000-0000-0000-0000-000000000002";
  private static final String EXIT = "00000000-0000-0000-0000-000000000003";

  private static TestDatabase db;
  private WebClient client;

  @BeforeAll
  static void database() {
    db = TestDatabase.create();
    db.exec("""
        INSERT INTO events (id, lane_id, captured_at, decided_at, plate_read, confidence, char_confidences, n_reads,
                            decision, reason, matched_plate, distance, box, crop)
        VALUES ('%s', 'lane-1', '2026-03-01T08:00:00Z', '2026-03-01T08:00:01Z', 'ABC1234', 0.95, '{0.9,0.99}', 3,
                'allow', 'exact', 'ABC1234', 0, '{10,20,120,30}', '\\xffd8ffe000'::bytea),
               ('%s', 'lane-1', '2026-03-01T09:00:00Z', '2026-03-01T09:00:01Z', 'XYZ999', 0.80, '{0.8}', 2,
                'deny', 'unknown', NULL, NULL, NULL, NULL),
               ('%s', 'lane-2', '2026-03-01T08:30:00Z', '2026-03-01T08:30:01Z', 'ABC1284', 0.70, '{0.7}', 1,
                'allow', 'fuzzy d=1 8->3', 'ABC1234', 1, NULL, NULL)
        """.formatted(OLD, NEW, EXIT));
    db.exec("""
        INSERT INTO gate_actions (lane_id, at, action, result, decision_id, by_user, why)
        VALUES ('lane-1', '2026-03-01T08:00:02Z', 'open', 'done', '%s', 'auto', 'exact'),
               ('lane-1', '2026-03-01T08:00:09Z', 'close', 'done', '%s', 'auto', 'timer')
        """.formatted(OLD, OLD));
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    WebTesting.deploy(vertx, WebTesting.config(db.target(), 1 << 20, "lane-1", "lane-2"))
        .compose(web -> WebTesting.login(vertx, web, db.target(), "admin"))
        .onComplete(ctx.succeeding(c -> {
          client = c;
          ctx.completeNow();
        }));
  }

  @Test
  @DisplayName("Events are listed newest first, with a crop URL instead of the crop, and their gate actions")
  void list(VertxTestContext ctx) {
    client.get("/api/events").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertThat(r.statusCode()).isEqualTo(200);
      JsonArray events = r.bodyAsJsonObject().getJsonArray("events");
      assertThat(events.stream().map(e -> ((JsonObject) e).getString("id"))).containsExactly(NEW, EXIT, OLD);
      JsonObject old = events.getJsonObject(2);
      assertThat(old.getString("plate")).isEqualTo("ABC1234");
      assertThat(old.getBoolean("allowed")).isTrue();
      assertThat(old.getInteger("nReads")).isEqualTo(3);
      assertThat(old.getString("capturedAt")).isEqualTo("2026-03-01T08:00:00Z");
      assertThat(old.getJsonArray("box")).containsExactly(10, 20, 120, 30);
      assertThat(old.containsKey("crop")).isFalse();
      assertThat(old.getString("cropUrl")).isEqualTo("/api/events/" + OLD + "/crop.jpg");
      assertThat(old.getJsonArray("gateActions").stream().map(a -> ((JsonObject) a).getString("action")))
          .containsExactly("open", "close");
      assertThat(old.getJsonArray("gateActions").getJsonObject(0).getString("at")).isEqualTo("2026-03-01T08:00:02Z");
      assertThat(events.getJsonObject(0).getString("cropUrl")).isNull();
      assertThat(events.getJsonObject(0).getJsonArray("gateActions")).isEmpty();
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("Events can be filtered by lane, plate, decision and time")
  void filters(VertxTestContext ctx) {
    client.get("/api/events?lane=lane-1&decision=allow").send()
        .compose(byLane -> {
          ctx.verify(() -> assertThat(ids(byLane.bodyAsJsonObject())).containsExactly(OLD));
          return client.get("/api/events").addQueryParam("plate", "abc-12").send();
        })
        .compose(byPlate -> {
          ctx.verify(() -> assertThat(ids(byPlate.bodyAsJsonObject())).containsExactly(EXIT, OLD));
          return client.get("/api/events?from=2026-03-01T08:15:00Z&to=2026-03-01T08:45:00Z").send();
        })
        .compose(byTime -> {
          ctx.verify(() -> assertThat(ids(byTime.bodyAsJsonObject())).containsExactly(EXIT));
          return client.get("/api/events?decision=maybe").send();
        })
        .onComplete(ctx.succeeding(bad -> ctx.verify(() -> {
          assertThat(bad.statusCode()).isEqualTo(400);
          assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("decision");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("One event is served with its details, its crop as image/jpeg, and an unknown one is a 404")
  void oneEvent(VertxTestContext ctx) {
    client.get("/api/events/" + EXIT).send()
        .compose(one -> {
          ctx.verify(() -> {
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(one.bodyAsJsonObject().getString("reason")).isEqualTo("fuzzy d=1 8->3");
            assertThat(one.bodyAsJsonObject().getInteger("distance")).isEqualTo(1);
          });
          return client.get("/api/events/" + OLD + "/crop.jpg").send();
        })
        .compose(crop -> {
          ctx.verify(() -> {
            assertThat(crop.statusCode()).isEqualTo(200);
            assertThat(crop.getHeader("Content-Type")).isEqualTo("image/jpeg");
            assertThat(crop.bodyAsBuffer().getBytes()).startsWith((byte) 0xFF, (byte) 0xD8, (byte) 0xFF);
          });
          return client.get("/api/events/" + NEW + "/crop.jpg").send();
        })
        .compose(noCrop -> {
          ctx.verify(() -> assertThat(noCrop.statusCode()).isEqualTo(404));
          return client.get("/api/events/not-a-uuid").send();
        })
        .onComplete(ctx.succeeding(unknown -> ctx.verify(() -> {
          assertThat(unknown.statusCode()).isEqualTo(404);
          assertThat(unknown.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
          ctx.completeNow();
        })));
  }

  private static java.util.List<String> ids(JsonObject page) {
    return page.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("id")).toList();
  }
}
