package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.config.GateConfig;
import io.lanekeeper.config.HttpConfig;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.gate.GateVerticle;
import io.lanekeeper.gate.Gpio;
import io.lanekeeper.matcher.MatcherConfig;
import io.lanekeeper.matcher.MatcherVerticle;
import io.lanekeeper.store.StoreConfig;
import io.lanekeeper.store.StoreVerticle;
import io.lanekeeper.testing.Decisions;
import io.lanekeeper.testing.FreshDatabase;
import io.lanekeeper.testing.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator lets a refused vehicle through: the open is checked against the matcher's refusal, linked to the
 * decision, counted in the lot, and on the record in the history, its CSV and the audit. Real PostgreSQL, gate on
 * Pi4J's mock, store, matcher and web as the controller runs them.
 */
@Tag("db")
@ExtendWith(VertxExtension.class)
class ManualOpenForVehicleTest {

  @RegisterExtension
  final FreshDatabase db = new FreshDatabase();
  private WebClientSession operator;

  @TempDir
  Path dir;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    db.exec("INSERT INTO lots (id, name, capacity) VALUES ('p1', 'Garage', 10)");
    GateConfig site = GateConfig.from(new JsonObject().put("provider", "mock"));
    JsonObject gate = new JsonObject().put("pulseMs", 60).put("travelMs", 80).put("autoCloseMs", 150);
    List<LaneConfig> lanes = LaneConfig.listFrom(new JsonArray()
        .add(new JsonObject().put("id", "e1").put("name", "Way in").put("lot", "p1").put("antiPassback", true)
            .put("gate", gate.copy().put("relayLine", 5)))
        .add(new JsonObject().put("id", "x1").put("name", "Way out").put("direction", "exit").put("lot", "p1")
            .put("exitRule", "entered").put("gate", gate.copy().put("relayLine", 6))), site);
    vertx.deployVerticle(new GateVerticle(site, lanes, Gpio.open("mock")))
        .compose(v -> vertx.deployVerticle(new StoreVerticle(new StoreConfig(db.target(), 4, 200,
            dir.resolve("outbox"), StoreConfig.DEFAULT_OUTBOX_MAX_BYTES, lanes))))
        .compose(v -> vertx.deployVerticle(new MatcherVerticle(new MatcherConfig(db.target(), 2, 200, lanes,
            dir.resolve("snap.jsonl.gz"), ZoneOffset.UTC))))
        .compose(v -> WebTesting.deploy(vertx, new WebConfig(new HttpConfig("127.0.0.1", 0, 1 << 20, 4096),
            db.target(), 2, lanes)))
        .compose(web -> WebTesting.login(vertx, web, db.target(), "operator"))
        .onSuccess(s -> operator = s)
        .await(30, TimeUnit.SECONDS);
    Poll.until(vertx, "the matcher deciding from the database", () -> vertx.eventBus()
        .<JsonObject>request(Addresses.MATCHER_STATUS, new JsonObject()).map(m -> m.body().getString("source")),
        "database"::equals).await(30, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> open(String lane, JsonObject body) throws Exception {
    return operator.post("/api/gates/" + lane + "/open").sendJsonObject(body).await(10, TimeUnit.SECONDS);
  }

  private AccessDecision refused(Vertx vertx, String lane, String plate) throws Exception {
    AccessDecision d = Decisions.decide(vertx, lane, plate).await(10, TimeUnit.SECONDS);
    assertThat(d.allowed()).as(plate + " at " + lane).isFalse();
    String id = d.eventId().toString();
    Poll.until("the refusal's event row", 10, () -> db.count("SELECT count(*) FROM events WHERE id = '" + id + "'")
        == 1);
    return d;
  }

  @Test
  @DisplayName("A visitor refused at the entry is let in for a reason: linked to the refusal, counted into the lot "
      + "(so the exit that lets out only entered vehicles lets them out), in the history, CSV and audit; a second "
      + "open for the same vehicle, one of another lane and a malformed id are refused before the barrier moves")
  void openForRefusedVehicle(Vertx vertx) throws Exception {
    AccessDecision visitor = refused(vertx, "e1", "VIS1234");
    assertThat(visitor.reason()).isEqualTo("unknown");
    String vid = visitor.eventId().toString();

    var done = open("e1", new JsonObject().put("why", "visitor for reception").put("vehicle", vid));
    assertThat(done.statusCode()).as(done.bodyAsString()).isEqualTo(200);
    assertThat(done.bodyAsJsonObject().getString("counted")).isEqualTo("counted into p1");
    assertThat(done.bodyAsJsonObject().getString("vehicle")).isEqualTo(vid);
    Poll.until("the visitor inside p1", 10, () -> db.count("SELECT count(*) FROM presence WHERE lot_id = 'p1' "
        + "AND plate = 'VIS1234'") == 1 && db.count("SELECT occupancy FROM lots WHERE id = 'p1'") == 1);
    Poll.until("the open's row, linked to the refusal", 10, () -> db.count("SELECT count(*) FROM gate_actions "
        + "WHERE vehicle_id = '" + vid + "' AND action = 'open' AND result = 'done' AND by_user LIKE 'operator-%' "
        + "AND why = 'visitor for reception' AND decision_id IS NULL") == 1);

    // the same vehicle again: it went through already
    var again = open("e1", new JsonObject().put("why", "again").put("vehicle", vid));
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.bodyAsJsonObject().getString("error")).isEqualTo("vehicle_unknown");

    // a vehicle refused at the exit, named at the entry; an id that is no vehicle; a vehicle on a close
    AccessDecision stranger = refused(vertx, "x1", "ZZZ9999");
    var wrongLane = open("e1", new JsonObject().put("why", "x").put("vehicle", stranger.eventId().toString()));
    assertThat(wrongLane.statusCode()).isEqualTo(400);
    assertThat(wrongLane.bodyAsJsonObject().getString("field")).isEqualTo("vehicle");
    assertThat(wrongLane.bodyAsString()).contains("refused at lane x1");
    assertThat(open("e1", new JsonObject().put("why", "x").put("vehicle", "'; DROP TABLE events")).statusCode())
        .isEqualTo(400);
    assertThat(operator.post("/api/gates/e1/close").sendJsonObject(new JsonObject().put("why", "x")
        .put("vehicle", vid)).await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(400);
    assertThat(db.count("SELECT count(*) FROM gate_actions WHERE why = 'x' OR why = 'again'")).isZero();

    // a deny-listed plate is never let in on its refusal: 409, and the barrier does not move for it
    db.exec("INSERT INTO plates (plate, display, kind) VALUES ('DNY6666', 'DNY6666', 'deny')");
    AccessDecision denied = null;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < until && (denied == null || !denied.reason().startsWith("deny-listed"))) {
      denied = Decisions.decide(vertx, "e1", "DNY6666").await(10, TimeUnit.SECONDS);
      Thread.sleep(denied.reason().startsWith("deny-listed") ? 0 : 100);
    }
    assertThat(denied.reason()).startsWith("deny-listed");
    var refusedOpen = open("e1", new JsonObject().put("why", "let him in").put("vehicle",
        denied.eventId().toString()));
    assertThat(refusedOpen.statusCode()).isEqualTo(409);
    assertThat(refusedOpen.bodyAsString()).contains("deny-listed");
    assertThat(refusedOpen.bodyAsJsonObject().getString("error")).isEqualTo("vehicle_refused");
    assertThat(db.count("SELECT count(*) FROM gate_actions WHERE why = 'let him in'")).isZero();

    // the visitor leaves through the exit that lets out only what came in
    AccessDecision out = Decisions.decide(vertx, "x1", "VIS1234").await(10, TimeUnit.SECONDS);
    assertThat(out.allowed()).as(out.reason()).isTrue();

    // an open for no vehicle in particular (a delivery van whose plate was not read)
    assertThat(open("e1", new JsonObject().put("why", "delivery van")).statusCode()).isEqualTo(200);
    Poll.until("the delivery's row", 10, () -> db.count("SELECT count(*) FROM gate_actions WHERE why = "
        + "'delivery van' AND vehicle_id IS NULL") == 1);

    // the history: both opens as their own rows, the linked one with the vehicle's read and crop link
    JsonArray manual = operator.get("/api/events?decision=manual").send().await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject().getJsonArray("events");
    assertThat(manual).hasSize(2);
    JsonObject linked = manual.stream().map(JsonObject.class::cast)
        .filter(e -> vid.equals(e.getString("vehicle"))).findFirst().orElseThrow();
    assertThat(linked.getString("kind")).isEqualTo("manual");
    assertThat(linked.getString("plate")).isEqualTo("VIS1234");
    assertThat(linked.getString("reason")).isEqualTo("visitor for reception");
    assertThat(linked.getString("by")).startsWith("operator-");
    assertThat(linked.getString("laneName")).isEqualTo("Way in");
    assertThat(linked.getBoolean("allowed")).isTrue();
    // found by the vehicle's plate, and beside the decisions in the unfiltered history
    assertThat(operator.get("/api/events?plate=VIS1234").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject()
        .getJsonArray("events").stream().map(JsonObject.class::cast).map(e -> e.getString("kind")))
        .containsExactlyInAnyOrder("vehicle", "manual", "vehicle");
    assertThat(operator.get("/api/events?decision=deny").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject()
        .getJsonArray("events").stream().map(JsonObject.class::cast).map(e -> e.getString("kind")))
        .containsOnly("vehicle");
    // the refusal itself shows the open made for it
    JsonArray actions = operator.get("/api/events/" + vid).send().await(10, TimeUnit.SECONDS).bodyAsJsonObject()
        .getJsonArray("gateActions");
    assertThat(actions.stream().map(JsonObject.class::cast).map(a -> a.getString("why")))
        .contains("visitor for reception");

    String csv = operator.get("/api/events.csv").send().await(10, TimeUnit.SECONDS).bodyAsString();
    assertThat(csv.lines().findFirst().orElseThrow()).endsWith(",by,result,vehicle");
    assertThat(csv).containsPattern("manual,e1,Way in,entry,[^\\r\\n]*,VIS1234,,,manual,visitor for reception,,,"
        + "operator-[^,]+,done," + vid);
    assertThat(csv).containsPattern("manual,e1,Way in,entry,[^\\r\\n]*,manual,delivery van,,,operator-[^,]+,done,\r");

    // the audit: both opens on the operator's name, the first naming its vehicle
    Poll.until("the audit of both opens", 10, () -> db.count("SELECT count(*) FROM audit_log WHERE entity = 'gate' "
        + "AND entity_id = 'e1' AND action = 'open' AND actor LIKE 'operator-%'") == 2);
    assertThat(db.count("SELECT count(*) FROM audit_log WHERE entity = 'gate' AND after->>'vehicle' = '" + vid
        + "' AND after->>'why' = 'visitor for reception'")).isEqualTo(1);
    // the machine's own actions (the decision's open, the auto-close) are in gate_actions, not the audit
    assertThat(db.count("SELECT count(*) FROM audit_log WHERE entity = 'gate' AND actor IN ('auto', 'loop')"))
        .isZero();
    assertThat(db.count("SELECT count(*) FROM gate_actions WHERE by_user = 'auto'")).isPositive();
  }

  @Test
  @DisplayName("Who is inside: the lot lists each plate with its lane and decision; an operator marks one gone with a "
      + "reason (audited, the count goes down) and anti-passback lets it in again; unknown lots and plates are 404")
  void whoIsInside(Vertx vertx) throws Exception {
    db.exec("INSERT INTO plates (plate, display) VALUES ('ABC1234', 'ABC 1234')");
    AccessDecision in = null;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < end && (in == null || !in.allowed())) {
      in = Decisions.decide(vertx, "e1", "ABC1234").await(10, TimeUnit.SECONDS);
      Thread.sleep(in.allowed() ? 0 : 100);
    }
    assertThat(in.allowed()).as(in.reason()).isTrue();
    String vid = in.eventId().toString();
    Poll.until("the presence row with its lane and decision", 10, () -> db.count("SELECT count(*) FROM presence "
        + "WHERE lot_id = 'p1' AND plate = 'ABC1234' AND lane_id = 'e1' AND vehicle_id = '" + vid + "'") == 1);

    JsonObject page = operator.get("/api/lots/p1/inside").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    assertThat(page.getLong("total")).isEqualTo(1);
    JsonObject row = page.getJsonArray("inside").getJsonObject(0);
    assertThat(row.getString("plate")).isEqualTo("ABC1234");
    assertThat(row.getString("laneName")).isEqualTo("Way in");
    assertThat(row.getString("vehicle")).isEqualTo(vid);
    assertThat(operator.get("/api/lots/p1/inside?plate=XYZ").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject()
        .getJsonArray("inside")).isEmpty();
    assertThat(operator.get("/api/lots/nowhere/inside").send().await(10, TimeUnit.SECONDS).statusCode())
        .isEqualTo(404);

    assertThat(Decisions.decide(vertx, "e1", "ABC1234").await(10, TimeUnit.SECONDS).reason())
        .isEqualTo("anti-passback");
    assertThat(operator.post("/api/lots/p1/inside/ABC1234/gone").sendJsonObject(new JsonObject())
        .await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(400);
    assertThat(operator.post("/api/lots/p1/inside/ZZZ9999/gone").sendJsonObject(new JsonObject().put("why", "x"))
        .await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
    var gone = operator.post("/api/lots/p1/inside/ABC-1234/gone")
        .sendJsonObject(new JsonObject().put("why", "left by the service exit")).await(10, TimeUnit.SECONDS);
    assertThat(gone.statusCode()).as(gone.bodyAsString()).isEqualTo(200);
    assertThat(gone.bodyAsJsonObject().getInteger("occupancy")).isZero();
    assertThat(gone.bodyAsJsonObject().getBoolean("written")).as("written to PostgreSQL before the answer").isTrue();
    Poll.until("the presence row gone, the count down and the audit entry", 10, () -> db.count("SELECT count(*) FROM "
        + "presence") == 0 && db.count("SELECT occupancy FROM lots WHERE id = 'p1'") == 0
        && db.count("SELECT count(*) FROM audit_log WHERE entity = 'presence' AND entity_id = 'p1/ABC1234' AND "
        + "action = 'gone' AND actor LIKE 'operator-%' AND after->>'why' = 'left by the service exit' "
        + "AND before->>'lane_id' = 'e1'") == 1);
    assertThat(Decisions.decide(vertx, "e1", "ABC1234").await(10, TimeUnit.SECONDS).allowed()).isTrue();
  }
}
