package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.testing.FreshDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("db")
@ExtendWith(VertxExtension.class)
@DisplayName("The history of decisions over HTTP")
class EventsApiTest {

  private static final String OLD = "00000000-0000-0000-0000-000000000001";
  private static final String NEW = "00000000-0000-0000-0000-000000000002";
  private static final String EXIT = "00000000-0000-0000-0000-000000000003";

  @RegisterExtension
  static final FreshDatabase db = new FreshDatabase();
  @org.junit.jupiter.api.io.TempDir
  static java.nio.file.Path frames;
  private WebClient client;

  @BeforeAll
  static void database() {
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
    db.exec("INSERT INTO lanes (id, name, direction) VALUES ('lane-1', 'In', 'entry'), ('lane-2', 'Out', 'exit') "
        + "ON CONFLICT (id) DO UPDATE SET direction = excluded.direction");
    // lane-2 runs on another device of a site: the history says which
    db.exec("UPDATE lanes SET device = 'gate-b' WHERE id = 'lane-2'");
    db.exec("""
        INSERT INTO gate_actions (lane_id, at, action, result, decision_id, by_user, why)
        VALUES ('lane-1', '2026-03-01T08:00:02Z', 'open', 'done', '%s', 'auto', 'exact'),
               ('lane-1', '2026-03-01T08:00:09Z', 'close', 'done', '%s', 'auto', 'timer')
        """.formatted(OLD, OLD));
  }

  @BeforeAll
  static void keptFrame() throws Exception {
    java.nio.file.Files.createDirectories(frames.resolve("lane-1"));
    java.nio.file.Files.write(frames.resolve("lane-1").resolve(OLD + ".jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8,
        (byte) 0xFF, (byte) 0xE0, 1, 2, 3});
  }

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    WebConfig conf = WebTesting.config(db.target(), 1 << 20, "lane-1", "lane-2");
    WebTesting.deploy(vertx, new WebConfig(conf.http(), conf.db(), conf.poolSize(), conf.lanes(), frames))
        .compose(web -> WebTesting.login(vertx, web, db.target(), "admin"))
        .onComplete(ctx.succeeding(c -> {
          client = c;
          ctx.completeNow();
        }));
  }

  @Test
  @DisplayName("The history says how many rows its filters select and pages through them")
  void countAndPages(VertxTestContext ctx) {
    client.get("/api/events?limit=2").send().compose(first -> {
      ctx.verify(() -> {
        JsonObject r = first.bodyAsJsonObject();
        assertThat(r.getInteger("total")).isEqualTo(3);
        assertThat(r.getBoolean("more")).isFalse();
        assertThat(r.getJsonArray("events")).hasSize(2);
      });
      return client.get("/api/events?limit=2&offset=2").send();
    }).compose(second -> {
      ctx.verify(() -> {
        assertThat(second.bodyAsJsonObject().getJsonArray("events").stream()
            .map(e -> ((JsonObject) e).getString("id"))).containsExactly(OLD);
        assertThat(second.bodyAsJsonObject().getInteger("offset")).isEqualTo(2);
      });
      return client.get("/api/events?decision=deny").send();
    }).onComplete(ctx.succeeding(deny -> ctx.verify(() -> {
      assertThat(deny.bodyAsJsonObject().getInteger("total")).isEqualTo(1);
      ctx.completeNow();
    })));
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
      assertThat(events.getJsonObject(1).getString("device")).isEqualTo("gate-b");
      assertThat(old.getString("device")).isNull();
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
  @DisplayName("An event's whole frame is served as the camera kept it; one not kept (any more) is a 404")
  void frame(VertxTestContext ctx) {
    client.get("/api/events/" + OLD + "/frame").send().compose(kept -> {
      ctx.verify(() -> {
        assertThat(kept.statusCode()).isEqualTo(200);
        assertThat(kept.getHeader("Content-Type")).isEqualTo("image/jpeg");
        assertThat(kept.bodyAsBuffer().getBytes()).startsWith((byte) 0xFF, (byte) 0xD8).hasSize(7);
      });
      return client.get("/api/events/" + NEW + "/frame").send();
    }).compose(notKept -> {
      ctx.verify(() -> assertThat(notKept.statusCode()).isEqualTo(404));
      return client.get("/api/events/00000000-0000-0000-0000-0000000000ff/frame").send();
    }).compose(noEvent -> {
      ctx.verify(() -> assertThat(noEvent.statusCode()).isEqualTo(404));
      return client.get("/api/events").send();
    }).onComplete(ctx.succeeding(list -> ctx.verify(() -> {
      assertThat(list.bodyAsJsonObject().getJsonArray("events").getJsonObject(2).getString("frameUrl"))
          .isEqualTo("/api/events/" + OLD + "/frame");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("A plate searched as misread finds the event by similarity (pg_trgm), not every plate alike")
  void fuzzySearch(VertxTestContext ctx) {
    client.get("/api/events?plate=A8C1234").send().compose(misread -> {
      ctx.verify(() -> assertThat(ids(misread.bodyAsJsonObject())).containsExactly(OLD));
      return client.get("/api/events?plate=XYZ999&lane=lane-2").send();
    }).onComplete(ctx.succeeding(none -> ctx.verify(() -> {
      assertThat(ids(none.bodyAsJsonObject())).isEmpty();
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("The CSV export holds the filtered events newest first, one row each, with a header, as a download")
  void csvExport(VertxTestContext ctx) {
    client.get("/api/events.csv?lane=lane-1").send().compose(csv -> {
      ctx.verify(() -> {
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.getHeader("Content-Type")).startsWith("text/csv");
        assertThat(csv.getHeader("Content-Disposition")).contains("attachment");
        String[] lines = csv.bodyAsString().split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("id,kind,lane,lane_name,direction,captured_at,decided_at,plate_read,");
        assertThat(lines[1]).startsWith(NEW + ",vehicle,lane-1,").contains(",XYZ999,").contains(",deny,unknown,");
        assertThat(lines[2]).startsWith(OLD + ",vehicle,lane-1,").contains(",2026-03-01T08:00:00Z,")
            .contains(",ABC1234,").contains(",allow,exact,ABC1234,");
      });
      return client.get("/api/events.csv?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z").send();
    }).onComplete(ctx.succeeding(bad -> ctx.verify(() -> {
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("to");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("The day's chart data counts entries, exits and refusals per hour by the lane's direction")
  void dayStats(VertxTestContext ctx) {
    client.get("/api/stats/day?from=2026-03-01T00:00:00Z").send().compose(day -> {
      ctx.verify(() -> {
        assertThat(day.statusCode()).isEqualTo(200);
        JsonArray hours = day.bodyAsJsonObject().getJsonArray("hours");
        assertThat(hours).hasSize(24);
        JsonObject eight = hours.getJsonObject(8);
        assertThat(eight.getString("start")).isEqualTo("2026-03-01T08:00:00Z");
        assertThat(eight.getLong("entries")).isEqualTo(1);   // lane-1, an entry lane
        assertThat(eight.getLong("exits")).isEqualTo(1);     // lane-2, an exit lane
        assertThat(eight.getLong("refused")).isZero();
        assertThat(hours.getJsonObject(9).getLong("refused")).isEqualTo(1);
        assertThat(hours.getJsonObject(9).getLong("entries")).isZero();
        assertThat(hours.stream().mapToLong(h -> ((JsonObject) h).getLong("entries")).sum()).isEqualTo(1);
      });
      return client.get("/api/stats/day").send();
    }).compose(bad -> {
      ctx.verify(() -> {
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("from");
      });
      // once 17.7M hours of arrays and a 1.3 s stall (year 1), or a 500 (year 999999999): now refused
      return client.get("/api/stats/day?from=0001-01-01T00:00:00Z").send();
    }).compose(yearOne -> {
      ctx.verify(() -> {
        assertThat(yearOne.statusCode()).isEqualTo(400);
        assertThat(yearOne.bodyAsJsonObject().getString("field")).isEqualTo("from");
      });
      return client.get("/api/stats/day?from=%2B999999999-12-31T23:59:59Z").send();
    }).compose(far -> {
      ctx.verify(() -> assertThat(far.statusCode()).isEqualTo(400));
      return client.get("/api/stats/day?from=2000-01-01T00:00:00Z").send();
    }).onComplete(ctx.succeeding(old -> ctx.verify(() -> {
      // the earliest day a request may ask for: 24 hours, the events since in the occupancy's walk, nothing more
      assertThat(old.statusCode()).isEqualTo(200);
      assertThat(old.bodyAsJsonObject().getJsonArray("hours")).hasSize(24);
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
