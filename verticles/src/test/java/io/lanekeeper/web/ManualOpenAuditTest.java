package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.GateAction;
import io.lanekeeper.bus.GateCommand;
import io.lanekeeper.bus.GateState;
import io.lanekeeper.config.GateConfig;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.gate.GateVerticle;
import io.lanekeeper.gate.Gpio;
import io.lanekeeper.store.StoreConfig;
import io.lanekeeper.store.StoreVerticle;
import io.lanekeeper.testing.FreshDatabase;
import io.lanekeeper.testing.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A person opening the barrier: no opening whose audit row PostgreSQL would refuse, and every opening on record. */
@Tag("db")
@ExtendWith(VertxExtension.class)
class ManualOpenAuditTest {

  private static final String LANE = "push-1";

  @RegisterExtension
  final FreshDatabase db = new FreshDatabase();
  private WebClientSession operator;
  private final List<GateState> states = new CopyOnWriteArrayList<>();

  @TempDir
  Path dir;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    vertx.eventBus().<JsonObject>consumer(Addresses.GATE_STATE, m -> states.add(GateState.fromJson(m.body())));
    GateConfig site = GateConfig.from(new JsonObject().put("provider", "mock"));
    List<LaneConfig> lanes = LaneConfig.listFrom(new JsonArray().add(new JsonObject().put("id", LANE).put("gate",
        new JsonObject().put("relayLine", 5).put("pulseMs", 60).put("travelMs", 80).put("autoCloseMs", 150))), site);
    vertx.deployVerticle(new GateVerticle(site, lanes, Gpio.open("mock")))
        .compose(v -> vertx.deployVerticle(new StoreVerticle(new StoreConfig(db.target(), 4, 200,
            dir.resolve("outbox"), StoreConfig.DEFAULT_OUTBOX_MAX_BYTES, lanes))))
        .compose(v -> WebTesting.deploy(vertx, WebTesting.config(db.target(), 1 << 20, LANE)))
        .compose(web -> WebTesting.login(vertx, web, db.target(), "operator"))
        .onSuccess(s -> operator = s)
        .await(30, TimeUnit.SECONDS);
  }

  private long rows(String where) {
    return db.count("SELECT count(*) FROM gate_actions WHERE " + where);
  }

  @Test
  @DisplayName("An operator's open with a NUL, an escape or an invisible override in its reason is a 400 naming "
      + "'why': the barrier never moves and no action is recorded; with a plain reason it moves and is on record")
  void openWithoutAuditRowRefused(Vertx vertx) throws Exception {
    var refused = operator.post("/api/gates/" + LANE + "/open")
        .sendJsonObject(new JsonObject().put("why", "delivery\u0000")).await(10, TimeUnit.SECONDS);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getString("field")).isEqualTo("why");
    var escape = operator.post("/api/gates/" + LANE + "/open")
        .sendJsonObject(new JsonObject().put("why", "delivery\u001b[2J")).await(10, TimeUnit.SECONDS);
    assertThat(escape.statusCode()).isEqualTo(400);
    // a right-to-left override or a line separator would make the audit read otherwise than it is stored
    for (String spoof : new String[] {"delivery \u202Eyrevileder", "delivery\u2028by admin"}) {
      assertThat(operator.post("/api/gates/" + LANE + "/open").sendJsonObject(new JsonObject().put("why", spoof))
          .await(10, TimeUnit.SECONDS).statusCode()).as(spoof).isEqualTo(400);
    }
    Thread.sleep(300);
    assertThat(states).noneMatch(GateState::relay);
    assertThat(rows("true")).isZero();

    var done = operator.post("/api/gates/" + LANE + "/open")
        .sendJsonObject(new JsonObject().put("why", "delivery")).await(10, TimeUnit.SECONDS);
    assertThat(done.statusCode()).isEqualTo(200);
    Poll.until("the manual open's audit row", 10, () -> rows("action = 'open' AND result = 'done' "
        + "AND why = 'delivery' AND by_user LIKE 'operator-%'") == 1);
    assertThat(states).anyMatch(GateState::relay);
  }

  @Test
  @DisplayName("The gate itself refuses a command whose reason its audit row could not hold, from any sender")
  void gateRefusesUnwritableReason(Vertx vertx) throws Exception {
    JsonObject cmd = new GateCommand(LANE, "open", null, Instant.now(), "mqtt", "x").toJson().put("why", "a\u0000b");
    try {
      vertx.eventBus().request(Addresses.gateCommand(LANE), cmd).await(5, TimeUnit.SECONDS);
      throw new AssertionError("the gate carried out a command with a NUL in its reason");
    } catch (ReplyException e) {
      assertThat(e.failureCode()).isEqualTo(400);
    }
    assertThat(states).noneMatch(GateState::relay);
  }

  @Test
  @DisplayName("An action whose text holds a NUL (an older outbox, a new path) is still stored, the NUL dropped")
  void storeKeepsTheRow(Vertx vertx) throws Exception {
    GateAction a = new GateAction(LANE, Instant.now(), "open", "done", null, "op\u0000", "late\u0000 delivery");
    vertx.eventBus().publish(Addresses.GATE_ACTION, a.toJson());
    Poll.until("the action's row", 10, () -> rows("uid = '" + a.id() + "' AND why = 'late delivery' "
        + "AND by_user = 'op'") == 1);
  }
}
