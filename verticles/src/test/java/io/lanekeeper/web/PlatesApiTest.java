package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.testing.FreshDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("db")
@ExtendWith(VertxExtension.class)
@DisplayName("Registered plates over HTTP")
class PlatesApiTest {

  @RegisterExtension
  static final FreshDatabase db = new FreshDatabase();
  private WebClient client;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    db.exec("DELETE FROM plates");
    WebTesting.deploy(vertx, WebTesting.config(db.target(), 1 << 20, "lane-1", "lane-2"))
        .compose(web -> WebTesting.login(vertx, web, db.target(), "admin"))
        .onComplete(ctx.succeeding(c -> {
          client = c;
          ctx.completeNow();
        }));
  }

  private Future<HttpResponse<Buffer>> post(JsonObject plate) {
    return client.post("/api/plates").sendJsonObject(plate);
  }

  @Test
  @DisplayName("A plate typed with full-width letters, dashes and spaces is stored normalised")
  void createNormalises(Vertx vertx, VertxTestContext ctx) {
    post(new JsonObject().put("plate", "ａｂｃ-12 34").put("owner", "Jane <b>Doe</b>")
            .put("lanes", new JsonArray().add("lane-1")).put("validTo", "2031-01-01T00:00:00Z"))
        .compose(created -> {
          ctx.verify(() -> {
            assertThat(created.statusCode()).isEqualTo(201);
            JsonObject p = created.bodyAsJsonObject();
            assertThat(p.getString("plate")).isEqualTo("ABC1234");
            assertThat(p.getString("display")).isEqualTo("ABC-12 34");
            assertThat(p.getString("kind")).isEqualTo("allow");
            assertThat(p.getString("owner")).isEqualTo("Jane <b>Doe</b>");
            assertThat(p.getJsonArray("lanes")).containsExactly("lane-1");
            assertThat(p.getString("validTo")).isEqualTo("2031-01-01T00:00:00Z");
            assertThat(created.getHeader("Location")).isEqualTo("/api/plates/" + p.getLong("id"));
          });
          return client.get("/api/plates").addQueryParam("q", "abc-1").send();
        })
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          assertThat(list.statusCode()).isEqualTo(200);
          JsonObject page = list.bodyAsJsonObject();
          assertThat(page.getLong("total")).isEqualTo(1);
          assertThat(page.getJsonArray("plates").getJsonObject(0).getString("plate")).isEqualTo("ABC1234");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("A Sri Lankan plate typed with its province letters is stored as the camera reads it, without them")
  void provinceCaptionLeftOut(VertxTestContext ctx) {
    post(new JsonObject().put("plate", "WP CAB-1234"))
        .compose(created -> {
          ctx.verify(() -> {
            assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
            JsonObject p = created.bodyAsJsonObject();
            assertThat(p.getString("plate")).isEqualTo("CAB1234");
            assertThat(p.getString("display")).as("shown as typed").isEqualTo("WP CAB-1234");
            assertThat(p.getString("note")).contains("WP").contains("matched as CAB1234");
          });
          // the same vehicle typed without its province is the same registration
          return post(new JsonObject().put("plate", "CAB 1234"));
        })
        .compose(again -> {
          ctx.verify(() -> assertThat(again.statusCode()).isEqualTo(409));
          // a German plate whose district begins with letters a caption could have keeps them: it fits as typed
          return post(new JsonObject().put("plate", "B AB 1234"));
        })
        .onComplete(ctx.succeeding(german -> ctx.verify(() -> {
          assertThat(german.statusCode()).isEqualTo(201);
          assertThat(german.bodyAsJsonObject().getString("plate")).isEqualTo("BAB1234");
          assertThat(german.bodyAsJsonObject().containsKey("note")).isFalse();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("Empty, over-long and markup plate text is refused with a 400 naming the field")
  void refusals(VertxTestContext ctx) {
    Future.all(post(new JsonObject().put("plate", " - ")), post(new JsonObject().put("plate", "ABCDEFGHJKLMN")),
            post(new JsonObject().put("plate", "<script>")), post(new JsonObject().put("owner", "nobody")),
            post(new JsonObject().put("plate", "AB1").put("kind", "maybe")))
        .compose(all -> {
          ctx.verify(() -> {
          for (int i = 0; i < all.size(); i++) {
            HttpResponse<Buffer> r = all.resultAt(i);
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
            assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("invalid_field");
          }
          assertThat(all.<HttpResponse<Buffer>>resultAt(0).bodyAsJsonObject().getString("message"))
              .isEqualTo("plate: is empty");
          assertThat(all.<HttpResponse<Buffer>>resultAt(1).bodyAsJsonObject().getString("message"))
              .contains("longer than 12");
          assertThat(all.<HttpResponse<Buffer>>resultAt(2).bodyAsJsonObject().getString("field")).isEqualTo("plate");
          assertThat(all.<HttpResponse<Buffer>>resultAt(4).bodyAsJsonObject().getString("field")).isEqualTo("kind");
          });
          return client.get("/api/plates").send();
        })
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          assertThat(list.bodyAsJsonObject().getJsonArray("plates")).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("The same plate registered twice with the same kind is a 409; with the other kind it is fine")
  void duplicate(VertxTestContext ctx) {
    post(new JsonObject().put("plate", "XYZ 999"))
        .compose(first -> post(new JsonObject().put("plate", "xyz-999")))
        .compose(second -> {
          ctx.verify(() -> {
            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(second.bodyAsJsonObject().getString("error")).isEqualTo("duplicate");
          });
          return post(new JsonObject().put("plate", "XYZ999").put("kind", "deny"));
        })
        .onComplete(ctx.succeeding(deny -> ctx.verify(() -> {
          assertThat(deny.statusCode()).isEqualTo(201);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("A plate can be replaced and deleted")
  void replaceAndDelete(Vertx vertx, VertxTestContext ctx) {
    post(new JsonObject().put("plate", "CAB 123"))
        .compose(created -> {
          long id = created.bodyAsJsonObject().getLong("id");
          return client.put("/api/plates/" + id)
              .sendJsonObject(new JsonObject().put("plate", "CAB 124").put("kind", "deny").put("notes", "stolen"))
              .compose(replaced -> {
                ctx.verify(() -> {
                  assertThat(replaced.statusCode()).isEqualTo(200);
                  assertThat(replaced.bodyAsJsonObject().getString("plate")).isEqualTo("CAB124");
                  assertThat(replaced.bodyAsJsonObject().getString("kind")).isEqualTo("deny");
                });
                return client.delete("/api/plates/" + id).send();
              })
              .compose(deleted -> {
                ctx.verify(() -> assertThat(deleted.statusCode()).isEqualTo(204));
                return client.get("/api/plates/" + id).send();
              })
              .map(gone -> {
                ctx.verify(() -> {
                  assertThat(gone.statusCode()).isEqualTo(404);
                  assertThat(gone.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
                });
                return gone;
              });
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("A malformed JSON body is a 400 bad_json, and the server answers the next request")
  void malformedJson(VertxTestContext ctx) {
    client.post("/api/plates").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"plate\": "))
        .compose(bad -> {
          ctx.verify(() -> {
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.bodyAsJsonObject().getString("error")).isEqualTo("bad_json");
          });
          return client.post("/api/plates").putHeader("Content-Type", "application/json")
              .sendBuffer(Buffer.buffer("[1, 2]"));
        })
        .compose(array -> {
          ctx.verify(() -> assertThat(array.bodyAsJsonObject().getString("error")).isEqualTo("bad_json"));
          return client.get("/api/plates").send();
        })
        .onComplete(ctx.succeeding(next -> ctx.verify(() -> {
          assertThat(next.statusCode()).isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("A plate naming a lane the site does not have is refused (400, field lanes), added or changed")
  void unknownLaneRefused(VertxTestContext ctx) {
    post(new JsonObject().put("plate", "LNE1234").put("lanes", new JsonArray().add("lane-1").add("lane-9")))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("lanes");
          assertThat(r.bodyAsJsonObject().getString("message")).contains("no lane 'lane-9'");
          assertThat(db.count("SELECT count(*) FROM plates WHERE plate = 'LNE1234'")).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("A CSV import reports each bad row by line and why, imports the good ones, and updates on a rerun")
  void csvImport(Vertx vertx, VertxTestContext ctx) {
    String csv = """
        plate,owner,validTo,lanes
        ABC-1234,"Doe, Jane",2031-01-01T00:00:00Z,lane-1;lane-2
        <script>,Mallory,,
        XYZ 999,"Smith \"\"Bob\"\"",,
        QQQ111,Late,yesterday,
        OOO222,Too,many,fields,here
        TYP0123,Typo,,lane-1;lnae-2
        """;
    client.post("/api/plates/import").putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(csv))
        .compose(r -> {
          ctx.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(207);
            JsonObject report = r.bodyAsJsonObject();
            assertThat(report.getInteger("rows")).isEqualTo(6);
            assertThat(report.getInteger("inserted")).isEqualTo(2);
            assertThat(report.getInteger("rejected")).isEqualTo(4);
            JsonArray errors = report.getJsonArray("errors");
            assertThat(errors.getJsonObject(0).getInteger("line")).isEqualTo(3);
            assertThat(errors.getJsonObject(0).getString("error")).contains("letters A-Z and digits");
            assertThat(errors.getJsonObject(1).getInteger("line")).isEqualTo(5);
            assertThat(errors.getJsonObject(1).getString("field")).isEqualTo("validTo");
            assertThat(errors.getJsonObject(2).getInteger("line")).isEqualTo(6);
            assertThat(errors.getJsonObject(2).getString("error")).contains("5 fields for 4 columns");
            // a lane the site does not have: the row is refused, not stored with a lane no camera reads
            assertThat(errors.getJsonObject(3).getInteger("line")).isEqualTo(7);
            assertThat(errors.getJsonObject(3).getString("field")).isEqualTo("lanes");
            assertThat(errors.getJsonObject(3).getString("error")).contains("no lane 'lnae-2'");
          });
          return client.get("/api/plates").addQueryParam("q", "ABC1234").send();
        })
        .compose(list -> {
          ctx.verify(() -> {
            JsonObject p = list.bodyAsJsonObject().getJsonArray("plates").getJsonObject(0);
            assertThat(p.getString("owner")).isEqualTo("Doe, Jane");
            assertThat(p.getJsonArray("lanes")).containsExactly("lane-1", "lane-2");
          });
          return client.post("/api/plates/import").putHeader("Content-Type", "application/json")
              .sendBuffer(Buffer.buffer(new JsonArray()
                  .add(new JsonObject().put("plate", "abc1234").put("owner", "Jane"))
                  .add(42).encode()));
        })
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          JsonObject report = r.bodyAsJsonObject();
          assertThat(report.getInteger("updated")).isEqualTo(1);
          assertThat(report.getInteger("inserted")).isZero();
          assertThat(report.getJsonArray("errors").getJsonObject(0).getInteger("index")).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("An import in another format, or a CSV without a plate column, is refused whole with a clear error")
  void importRefusals(Vertx vertx, VertxTestContext ctx) {
    client.post("/api/plates/import").putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("ABC1234"))
        .compose(r -> {
          ctx.verify(() -> assertThat(r.statusCode()).isEqualTo(415));
          return client.post("/api/plates/import").putHeader("Content-Type", "text/csv")
              .sendBuffer(Buffer.buffer("owner,notes\nJane,x\n"));
        })
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(r.bodyAsJsonObject().getString("message")).contains("include 'plate'");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("A deny entry dated 4714 BC, year 0 or year 20000 is refused with a 400 naming the date, over JSON "
      + "and in a CSV row, and nothing is stored")
  void absurdDatesRefused(Vertx vertx, VertxTestContext ctx) {
    String[][] cases = {{"validFrom", "-999999999-01-01T00:00:00Z"}, {"validFrom", "0000-06-01T00:00:00Z"},
        {"validTo", "+20000-01-01T00:00:00Z"}, {"validTo", "1999-12-31T23:59:59Z"}};
    Future<Void> chain = Future.succeededFuture();
    for (String[] c : cases) {
      chain = chain.compose(v -> post(new JsonObject().put("plate", "HHQ0723").put("kind", "deny").put(c[0], c[1]))
          .map(r -> {
            ctx.verify(() -> {
              assertThat(r.statusCode()).as(c[1]).isEqualTo(400);
              assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo(c[0]);
              assertThat(r.bodyAsJsonObject().getString("message")).contains("2000-01-01T00:00:00Z");
            });
            return null;
          }));
    }
    chain.compose(v -> client.post("/api/plates/import").putHeader("Content-Type", "text/csv")
            .sendBuffer(Buffer.buffer("plate,kind,validFrom\nHHQ0723,deny,0000-06-01T00:00:00Z\n")))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.bodyAsJsonObject().getInteger("rejected")).isEqualTo(1);
          assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
              .isEqualTo("validFrom");
          assertThat(db.count("SELECT count(*) FROM plates")).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("A NUL character anywhere in a JSON body, or in a CSV field, is a 400 naming the field")
  void nulRefused(Vertx vertx, VertxTestContext ctx) {
    post(new JsonObject().put("plate", "ABC1234").put("owner", "Jane\u0000Doe"))
        .compose(r -> {
          ctx.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("owner");
          });
          return post(new JsonObject().put("plate", "ABC1234").put("schedule", new JsonObject().put("windows",
              new JsonArray().add(new JsonObject().put("days", new JsonArray().add("mo\u0000n"))))));
        })
        .compose(r -> {
          ctx.verify(() -> assertThat(r.bodyAsJsonObject().getString("field"))
              .isEqualTo("schedule.windows[0].days[0]"));
          return client.post("/api/plates/import").putHeader("Content-Type", "text/csv")
              .sendBuffer(Buffer.buffer("plate,notes\nABC1234,a\u0000b\n"));
        })
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
              .isEqualTo("notes");
          assertThat(db.count("SELECT count(*) FROM plates")).isZero();
          ctx.completeNow();
        })));
  }
}
