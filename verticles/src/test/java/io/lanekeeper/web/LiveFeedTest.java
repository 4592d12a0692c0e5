package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.testing.FreshDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("db")
@ExtendWith(VertxExtension.class)
@DisplayName("The dashboard's live WebSocket")
class LiveFeedTest {

  @RegisterExtension
  static final FreshDatabase db = new FreshDatabase();
  private WebVerticle web;
  private WebSocketClient sockets;
  private WebClientSession viewer;

  @BeforeAll
  static void database() {
    db.exec("""
        INSERT INTO events (id, lane_id, captured_at, decided_at, plate_read, confidence, char_confidences, n_reads,
                            decision, reason)
        VALUES ('00000000-0000-0000-0000-00000000000a', 'lane-1', now(), now(), 'OLD123', 0.9, '{0.9}', 1,
                'deny', 'unknown')""");
  }

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    // The gate answers queries, so the snapshot knows its state without a published fact.
    vertx.eventBus().<JsonObject>consumer(Addresses.gateQuery("lane-1"),
            m -> m.reply(WebTesting.gate("lane-1", "closed").toJson()))
        .completion()
        .compose(v -> WebTesting.deploy(vertx, WebTesting.config(db.target(), 1 << 20, "lane-1")))
        .compose(w -> {
          web = w;
          sockets = vertx.createWebSocketClient();
          return WebTesting.login(vertx, web, db.target(), "viewer");
        })
        .onComplete(ctx.succeeding(c -> {
          viewer = c;
          ctx.completeNow();
        }));
  }

  /** Connects; the snapshot completes {@code snapshot}, every later message goes to {@code onFact}. */
  private Future<WebSocket> connect(Consumer<JsonObject> onFact, Promise<JsonObject> snapshot) {
    return connect("/ws", WebTesting.cookie(viewer), null, onFact, snapshot);
  }

  private Future<WebSocket> connect(String uri, String cookie, String origin, Consumer<JsonObject> onFact,
      Promise<JsonObject> snapshot) {
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(web.actualPort())
        .setURI(uri);
    if (cookie != null) {
      o.addHeader("Cookie", cookie);
    }
    if (origin != null) {
      o.addHeader("Origin", origin);
    }
    return sockets.connect(o).onSuccess(ws ->
        ws.textMessageHandler(text -> {
          JsonObject m = new JsonObject(text);
          if (m.getString("type").equals("snapshot")) {
            snapshot.tryComplete(m);
          } else {
            onFact.accept(m);
          }
        }));
  }

  @Test
  @DisplayName("A dashboard gets a snapshot on connect, then decisions and gate states as they are published")
  void snapshotThenFacts(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> facts = new ArrayList<>();
    Promise<JsonObject> snapshot = Promise.promise();
    Promise<Void> both = Promise.promise();
    connect(m -> {
      facts.add(m);
      if (facts.size() == 2) {
        both.complete();
      }
    }, snapshot)
        .compose(ws -> snapshot.future())
        .compose(s -> {
          ctx.verify(() -> {
            assertThat(s.getJsonArray("lanes").getJsonObject(0).getString("id")).isEqualTo("lane-1");
            assertThat(s.getJsonObject("gates").getJsonObject("lane-1").getString("state")).isEqualTo("closed");
            assertThat(s.getJsonObject("cameras")).isEmpty();
            assertThat(s.getJsonArray("recent").getJsonObject(0).getString("plate")).isEqualTo("OLD123");
          });
          vertx.eventBus().publish(Addresses.ACCESS_DECISION,
              WebTesting.decision("lane-1", "ABC1234", true, "exact").toJson());
          vertx.eventBus().publish(Addresses.GATE_STATE, WebTesting.gate("lane-1", "opening").toJson());
          return both.future();
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(facts.get(0).getString("type")).isEqualTo("decision");
          assertThat(facts.get(0).getJsonObject("data").getString("reason")).isEqualTo("exact");
          assertThat(facts.get(0).getJsonObject("data").getJsonObject("vehicle").getString("plate"))
              .isEqualTo("ABC1234");
          assertThat(facts.get(1).getString("type")).isEqualTo("gate");
          assertThat(facts.get(1).getJsonObject("data").getString("state")).isEqualTo("opening");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("Undeploying the web verticle closes the dashboards' sockets")
  void closedOnStop(Vertx vertx, VertxTestContext ctx) {
    Promise<JsonObject> snapshot = Promise.promise();
    Promise<Void> closed = Promise.promise();
    connect(m -> { }, snapshot)
        .onSuccess(ws -> ws.closeHandler(v -> closed.complete()))
        .compose(ws -> snapshot.future())
        .compose(s -> vertx.undeploy(web.deploymentID()))
        .compose(v -> closed.future())
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("Without a session, or from a page of another site, the WebSocket is refused")
  void refusedWithoutSessionOrFromElsewhere(Vertx vertx, VertxTestContext ctx) {
    connect("/ws", null, null, m -> { }, Promise.promise())
        .compose(ws -> Future.<WebSocket>failedFuture("connected without a session"),
            e -> {
              ctx.verify(() -> assertThat(e).isInstanceOf(UpgradeRejectedException.class)
                  .extracting(x -> ((UpgradeRejectedException) x).getStatus()).isEqualTo(401));
              return connect("/ws", WebTesting.cookie(viewer), "http://evil.example", m -> { }, Promise.promise());
            })
        .onComplete(ar -> ctx.verify(() -> {
          assertThat(ar.failed()).isTrue();
          assertThat(((UpgradeRejectedException) ar.cause()).getStatus()).isEqualTo(403);
          ctx.completeNow();
        }));
  }

  @Test
  @DisplayName("Logging out closes that session's live connection")
  void logoutCloses(Vertx vertx, VertxTestContext ctx) {
    Promise<JsonObject> snapshot = Promise.promise();
    Promise<Short> closed = Promise.promise();
    connect(m -> { }, snapshot)
        .onSuccess(ws -> ws.closeHandler(v -> closed.complete(ws.closeStatusCode())))
        .compose(ws -> snapshot.future())
        .compose(s -> viewer.post("/api/logout").sendJsonObject(new JsonObject()))
        .compose(r -> {
          ctx.verify(() -> assertThat(r.statusCode()).isEqualTo(204));
          return closed.future();
        })
        .onComplete(ctx.succeeding(code -> ctx.verify(() -> {
          assertThat(code).isEqualTo((short) 4401);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("A dashboard reconnecting with ?since= gets the decisions it missed in its snapshot")
  void gapFill(Vertx vertx, VertxTestContext ctx) {
    db.exec("""
        INSERT INTO events (id, lane_id, captured_at, decided_at, plate_read, confidence, char_confidences, n_reads,
                            decision, reason)
        VALUES ('00000000-0000-0000-0000-0000000000b1', 'lane-1', now() - interval '2 hours', now(), 'GONE1', 0.9,
                '{0.9}', 1, 'deny', 'unknown'),
               ('00000000-0000-0000-0000-0000000000b2', 'lane-1', now() - interval '1 minute', now(), 'MISSED1', 0.9,
                '{0.9}', 1, 'allow', 'exact')""");
    Promise<JsonObject> snapshot = Promise.promise();
    String since = java.time.Instant.now().minusSeconds(600).toString();
    connect("/ws?since=" + since, WebTesting.cookie(viewer), null, m -> { }, snapshot)
        .compose(ws -> snapshot.future())
        .onComplete(ctx.succeeding(s -> ctx.verify(() -> {
          List<String> plates = s.getJsonArray("recent").stream().map(o -> ((JsonObject) o).getString("plate"))
              .toList();
          assertThat(plates).contains("MISSED1").doesNotContain("GONE1");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("A plain GET on /ws is refused with a JSON 400")
  void plainGet(Vertx vertx, VertxTestContext ctx) {
    viewer.get("/ws").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("websocket_expected");
      ctx.completeNow();
    })));
  }
}
