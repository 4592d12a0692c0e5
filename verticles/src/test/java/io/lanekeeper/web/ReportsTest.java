package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.testing.FreshDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A day's report from real PostgreSQL: counts, reasons, busiest hours, top refused, peak occupancy, the CSV. */
@Tag("db")
@ExtendWith(VertxExtension.class)
class ReportsTest {

  private static final ZoneId ZAGREB = ZoneId.of("Europe/Zagreb");

  @RegisterExtension
  final FreshDatabase db = new FreshDatabase();

  private void event(ZonedDateTime at, String lane, String plate, String decision, String reason, UUID id) {
    db.exec(("INSERT INTO events (id, lane_id, captured_at, decided_at, plate_read, confidence, char_confidences, "
        + "n_reads, decision, reason) VALUES ('%s', '%s', '%s', '%s', '%s', 0.9, '{0.9}', 1, '%s', '%s')")
        .formatted(id, lane, at.toInstant(), at.toInstant(), plate, decision, reason));
  }

  private static String q(Object v) {
    return URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("A day in Zagreb: entries, exits, refusals by reason, a refused car let in by hand, the busiest "
      + "hours, the top refused plate, the lot's peak, and the CSV with local times and lane names")
  void dayReport(Vertx vertx) throws Exception {
    LocalDate day = LocalDate.now(ZAGREB).minusDays(2);
    ZonedDateTime d = day.atStartOfDay(ZAGREB);
    db.exec("INSERT INTO lots (id, name, capacity, occupancy) VALUES ('p1', 'Garage', 10, 5)");
    db.exec("INSERT INTO lanes (id, name, direction, lot_id) VALUES ('in1', 'Way in', 'entry', 'p1'), "
        + "('out1', 'Way out', 'exit', 'p1')");
    event(d.plusHours(8).plusMinutes(10), "in1", "AAA1111", "allow", "exact", UUID.randomUUID());
    event(d.plusHours(8).plusMinutes(20), "in1", "BBB2222", "allow", "exact", UUID.randomUUID());
    event(d.plusHours(8).plusMinutes(40), "in1", "CCC3333", "allow", "fuzzy d=1 8->B", UUID.randomUUID());
    event(d.plusHours(9).plusMinutes(5), "in1", "XXX9999", "deny", "unknown", UUID.randomUUID());
    event(d.plusHours(9).plusMinutes(10), "in1", "YYY8888", "deny", "unreadable (char 3 at 0.41)", UUID.randomUUID());
    event(d.plusHours(9).plusMinutes(15), "in1", "DNY6G66", "deny", "deny-listed fuzzy d=0.5 6->G",
        UUID.randomUUID());
    UUID again = UUID.randomUUID();
    event(d.plusHours(9).plusMinutes(20), "in1", "XXX9999", "deny", "unknown", again);
    db.exec(("INSERT INTO gate_actions (lane_id, at, action, result, by_user, why, vehicle_id) VALUES ('in1', '%s', "
        + "'open', 'done', 'op', 'visitor', '%s')").formatted(d.plusHours(9).plusMinutes(21).toInstant(), again));
    event(d.plusHours(17).plusMinutes(30), "out1", "AAA1111", "allow", "exact", UUID.randomUUID());
    // the day before: outside the range
    event(d.minusHours(2), "in1", "ZZZ0000", "deny", "unknown", UUID.randomUUID());

    WebVerticle web = WebTesting.deploy(vertx, WebTesting.config(db.target(), 1 << 20, "in1", "out1"))
        .await(20, TimeUnit.SECONDS);
    WebClientSession viewer = WebTesting.login(vertx, web, db.target(), "viewer").await(20, TimeUnit.SECONDS);
    String range = "from=" + q(d.toOffsetDateTime()) + "&to=" + q(d.plusDays(1).toOffsetDateTime()) + "&tz="
        + q(ZAGREB.getId()) + "&lot=p1";
    var res = viewer.get("/api/reports?" + range).send().await(10, TimeUnit.SECONDS);
    assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
    JsonObject r = res.bodyAsJsonObject();
    assertThat(r.getString("bucket")).isEqualTo("hour");
    assertThat(r.getJsonObject("totals")).isEqualTo(new JsonObject().put("entries", 3).put("exits", 1)
        .put("refused", 4).put("manual", 1));
    JsonArray series = r.getJsonArray("series");
    assertThat(series).hasSize(24);
    assertThat(series.getJsonObject(8).getLong("entries")).isEqualTo(3);
    assertThat(series.getJsonObject(9).getLong("refused")).isEqualTo(4);
    assertThat(series.getJsonObject(17).getLong("exits")).isEqualTo(1);
    assertThat(r.getJsonArray("refusalsByReason")).containsExactly(new JsonObject().put("reason", "unknown")
        .put("n", 2), new JsonObject().put("reason", "deny-listed").put("n", 1),
        new JsonObject().put("reason", "unreadable").put("n", 1));
    JsonArray hours = r.getJsonArray("busiestHours");
    assertThat(hours).hasSize(24);
    assertThat(hours.getJsonObject(8).getLong("movements")).isEqualTo(3);
    assertThat(hours.getJsonObject(9).getLong("movements")).as("the car let in by hand").isEqualTo(1);
    assertThat(r.getJsonArray("topRefused").getJsonObject(0).getString("plate")).isEqualTo("XXX9999");
    assertThat(r.getJsonArray("topRefused").getJsonObject(0).getLong("n")).isEqualTo(2);
    // the count now is 5; since the day began 3 + 1 came in and 1 went out: 2 at its start, 6 at 10:00 its peak
    JsonObject peak = r.getJsonObject("peakOccupancy");
    assertThat(peak.getLong("occupancy")).isEqualTo(6);
    assertThat(peak.getString("at")).isEqualTo(d.plusHours(10).toInstant().toString());
    assertThat(r.getJsonArray("lanes").stream().map(JsonObject.class::cast).map(l -> l.getString("name")))
        .containsExactlyInAnyOrder("Way in", "Way out");

    String csv = viewer.get("/api/reports.csv?" + range).send().await(10, TimeUnit.SECONDS).bodyAsString();
    assertThat(csv.lines().findFirst().orElseThrow())
        .isEqualTo("hour,lane,lane_name,entries,exits,refused,manual,device");
    assertThat(csv).contains(day + "T08:00+01:00,in1,Way in,3,0,0,0,\r\n")
        .contains(day + "T09:00+01:00,in1,Way in,0,0,4,1,\r\n")
        .contains(day + "T17:00+01:00,out1,Way out,0,1,0,0,\r\n");
    assertThat(r.getJsonArray("devices")).as("a device on its own: no breakdown").isEmpty();

    // a month: by day; bad ranges refused
    JsonObject month = viewer.get("/api/reports?from=" + q(d.minusDays(20).toOffsetDateTime()) + "&to="
        + q(d.plusDays(10).toOffsetDateTime()) + "&tz=" + q(ZAGREB.getId())).send().await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject();
    assertThat(month.getString("bucket")).isEqualTo("day");
    assertThat(month.getJsonArray("series")).hasSize(30);
    assertThat(month.getJsonObject("totals").getLong("refused")).isEqualTo(5);
    for (String bad : new String[] {"from=" + q(d.toOffsetDateTime()) + "&to=" + q(d.minusDays(1).toOffsetDateTime()),
        "from=" + q(d.minusDays(400).toOffsetDateTime()) + "&to=" + q(d.toOffsetDateTime()),
        "from=" + q(d.toOffsetDateTime()) + "&to=" + q(d.plusDays(1).toOffsetDateTime()) + "&tz=Mars%2FBase",
        "to=" + q(d.toOffsetDateTime())}) {
      var refused = viewer.get("/api/reports?" + bad).send().await(10, TimeUnit.SECONDS);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
    }
  }

  @Test
  @DisplayName("A site's report broken down by the device that runs each lane, in the JSON and the CSV")
  void byDevice(Vertx vertx) throws Exception {
    LocalDate day = LocalDate.now(ZAGREB).minusDays(1);
    ZonedDateTime d = day.atStartOfDay(ZAGREB);
    db.exec("INSERT INTO lanes (id, name, direction, device) VALUES ('a-in', 'North in', 'entry', 'gate-a'), "
        + "('a-out', 'North out', 'exit', 'gate-a'), ('b-in', 'South in', 'entry', 'gate-b')");
    event(d.plusHours(7), "a-in", "AAA1111", "allow", "exact", UUID.randomUUID());
    event(d.plusHours(7).plusMinutes(5), "a-in", "BBB2222", "allow", "exact", UUID.randomUUID());
    event(d.plusHours(18), "a-out", "AAA1111", "allow", "exact", UUID.randomUUID());
    event(d.plusHours(8), "b-in", "CCC3333", "allow", "exact", UUID.randomUUID());
    UUID refused = UUID.randomUUID();
    event(d.plusHours(8).plusMinutes(1), "b-in", "XXX9999", "deny", "unknown", refused);
    db.exec(("INSERT INTO gate_actions (lane_id, at, action, result, by_user, why, vehicle_id) VALUES ('b-in', '%s', "
        + "'open', 'done', 'op', 'visitor', '%s')").formatted(d.plusHours(8).plusMinutes(2).toInstant(), refused));

    WebVerticle web = WebTesting.deploy(vertx, WebTesting.config(db.target(), 1 << 20, "a-in", "a-out"))
        .await(20, TimeUnit.SECONDS);
    WebClientSession viewer = WebTesting.login(vertx, web, db.target(), "viewer").await(20, TimeUnit.SECONDS);
    String range = "from=" + q(d.toOffsetDateTime()) + "&to=" + q(d.plusDays(1).toOffsetDateTime()) + "&tz="
        + q(ZAGREB.getId());
    JsonObject r = viewer.get("/api/reports?" + range).send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    assertThat(r.getJsonArray("devices")).containsExactly(
        new JsonObject().put("device", "gate-a").put("lanes", 2).put("entries", 2).put("exits", 1)
            .put("refused", 0).put("manual", 0),
        new JsonObject().put("device", "gate-b").put("lanes", 1).put("entries", 1).put("exits", 0)
            .put("refused", 1).put("manual", 1));
    assertThat(r.getJsonArray("lanes").stream().map(JsonObject.class::cast)
        .filter(l -> l.getString("lane").equals("b-in")).findFirst().orElseThrow().getString("device"))
        .isEqualTo("gate-b");
    String csv = viewer.get("/api/reports.csv?" + range).send().await(10, TimeUnit.SECONDS).bodyAsString();
    assertThat(csv).contains(day + "T07:00+01:00,a-in,North in,2,0,0,0,gate-a\r\n")
        .contains(day + "T08:00+01:00,b-in,South in,1,0,1,1,gate-b\r\n");
  }
}
