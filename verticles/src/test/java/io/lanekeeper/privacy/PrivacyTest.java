package io.lanekeeper.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.config.RetentionConfig;
import io.lanekeeper.testing.FreshDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Retention, pseudonymisation, subject access and erasure against real PostgreSQL and real frame files. */
@Tag("db")
@ExtendWith(VertxExtension.class)
class PrivacyTest {

  @RegisterExtension
  final FreshDatabase db = new FreshDatabase();

  @TempDir
  Path dir;

  private Path frames;
  private PlateHash hash;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    frames = dir.resolve("frames");
    // readsDays 7, eventsDays 365, cropsDays 30, framesDays 7, unregisteredDays 7 (the defaults)
    vertx.deployVerticle(new PrivacyVerticle(RetentionConfig.DEFAULTS, db.target(), frames,
        dir.resolve("privacy-key"), ZoneOffset.UTC)).await(20, TimeUnit.SECONDS);
    hash = PlateHash.load(dir.resolve("privacy-key"));
    db.exec("INSERT INTO plates (plate, display) VALUES ('REG1234', 'REG 1234')");
  }

  /** An event of this plate this many days ago, with a crop, its frame file and one read. */
  private UUID event(String plate, int daysAgo, boolean matched) throws Exception {
    UUID id = UUID.randomUUID();
    Instant at = Instant.now().minus(daysAgo, ChronoUnit.DAYS);
    db.exec(("INSERT INTO events (id, lane_id, captured_at, decided_at, plate_read, confidence, char_confidences, "
        + "n_reads, decision, reason, matched_plate, crop) VALUES ('%s', 'e1', '%s', '%s', '%s', 0.9, '{0.9}', 1, "
        + "'%s', 'x', %s, '\\xffd8ff')").formatted(id, at, at, plate, matched ? "allow" : "deny",
        matched ? "'" + plate + "'" : "NULL"));
    db.exec(("INSERT INTO plate_reads (id, lane_id, frame_id, captured_at, plate, confidence, char_confidences, box, "
        + "crop) VALUES ('%s', 'e1', 'f', '%s', '%s', 0.9, '{0.9}', '{1,2,3,4}', '\\xffd8ff')")
        .formatted(UUID.randomUUID(), at, plate));
    db.exec(("INSERT INTO gate_actions (lane_id, at, action, result, decision_id, by_user, why) VALUES ('e1', '%s', "
        + "'open', 'done', '%s', 'auto', 'exact')").formatted(at, id));
    Path f = frames.resolve("e1").resolve(id + ".jpg");
    Files.createDirectories(f.getParent());
    Files.write(f, new byte[] {(byte) 0xFF, (byte) 0xD8});
    Files.setLastModifiedTime(f, FileTime.from(at));
    return id;
  }

  private long count(String sql) {
    return db.count(sql);
  }

  @Test
  @DisplayName("The purge pseudonymises unregistered plates after 7 days (crop and frame gone), drops reads after 7, "
      + "crops after 30, events and gate actions after 365, old frames; registered plates stay readable; audited")
  void purge(Vertx vertx) throws Exception {
    UUID fresh = event("NEW1234", 1, false);
    UUID visitor = event("VIS1234", 10, false);
    UUID resident = event("REG1234", 10, true);
    UUID oldResident = event("REG1234", 40, true);
    UUID ancient = event("REG1234", 400, true);

    JsonObject out = vertx.eventBus().<JsonObject>request(Addresses.PRIVACY_PURGE, new JsonObject())
        .await(60, TimeUnit.SECONDS).body();
    assertThat(out.getLong("eventsPseudonymised")).isEqualTo(1);
    assertThat(out.getLong("eventsDeleted")).isEqualTo(1);

    String h = hash.of("VIS1234");
    assertThat(h).startsWith("#").hasSize(21).isNotEqualTo(hash.of("VIS1235"));
    assertThat(count("SELECT count(*) FROM events WHERE id = '" + visitor + "' AND plate_read = '" + h
        + "' AND crop IS NULL")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM events WHERE plate_read = 'VIS1234'")).isZero();
    assertThat(count("SELECT count(*) FROM events WHERE id = '" + fresh + "' AND plate_read = 'NEW1234' "
        + "AND crop IS NOT NULL")).as("a day old: readable").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM events WHERE id = '" + resident + "' AND plate_read = 'REG1234' "
        + "AND crop IS NOT NULL")).as("registered, 10 days: readable with its crop").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM events WHERE id = '" + oldResident + "' AND crop IS NULL "
        + "AND plate_read = 'REG1234'")).as("40 days: the crop went, the row stays").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM events WHERE id = '" + ancient + "'")).isZero();
    assertThat(count("SELECT count(*) FROM gate_actions WHERE decision_id = '" + ancient + "'")).isZero();
    assertThat(count("SELECT count(*) FROM gate_actions")).isEqualTo(4);
    assertThat(count("SELECT count(*) FROM plate_reads")).as("only the day-old read").isEqualTo(1);
    assertThat(Files.exists(frames.resolve("e1").resolve(fresh + ".jpg"))).isTrue();
    for (UUID gone : new UUID[] {visitor, resident, oldResident, ancient}) {
      assertThat(Files.exists(frames.resolve("e1").resolve(gone + ".jpg"))).as("frame of " + gone).isFalse();
    }
    assertThat(count("SELECT count(*) FROM audit_log WHERE entity = 'retention' AND action = 'purge' "
        + "AND actor = 'retention' AND (after->>'eventsPseudonymised')::int = 1")).isEqualTo(1);

    // a second purge finds nothing more to do
    JsonObject again = vertx.eventBus().<JsonObject>request(Addresses.PRIVACY_PURGE, new JsonObject())
        .await(60, TimeUnit.SECONDS).body();
    assertThat(again.getLong("eventsPseudonymised", 0L) + again.getLong("eventsDeleted", 0L)).isZero();
  }

  @Test
  @DisplayName("Subject access exports everything held about a plate, pseudonymised rows too; erasure removes it "
      + "all (rows and frame files) in one go and the audit keeps its entries under the pseudonym")
  void exportAndErase(Vertx vertx) throws Exception {
    db.exec("INSERT INTO passes (plate, valid_from, valid_to) VALUES ('VIS1234', now(), now() + interval '1 day')");
    db.exec("INSERT INTO lots (id, name) VALUES ('p1', 'Garage')");
    db.exec("INSERT INTO presence (lot_id, plate, entered_at) VALUES ('p1', 'VIS1234', now())");
    UUID recent = event("VIS1234", 1, false);
    UUID old = event("VIS1234", 10, false);
    UUID other = event("OTH1234", 1, false);
    vertx.eventBus().request(Addresses.PRIVACY_PURGE, new JsonObject()).await(60, TimeUnit.SECONDS);
    // the pass names VIS1234, so it is not pseudonymised; drop the pass's protection to see a hashed row exported
    db.exec("UPDATE events SET plate_read = '" + hash.of("VIS1234") + "' WHERE id = '" + old + "'");

    JsonObject export = vertx.eventBus().<JsonObject>request(Addresses.PRIVACY_EXPORT, new JsonObject()
        .put("plate", "VIS1234").put("by", "dpo").put("why", "request 2026-41")).await(30, TimeUnit.SECONDS).body();
    assertThat(export.getJsonArray("events")).hasSize(2);
    assertThat(export.getJsonArray("passes")).hasSize(1);
    assertThat(export.getJsonArray("inside")).hasSize(1);
    assertThat(export.getJsonArray("reads")).isNotEmpty();
    assertThat(export.getJsonArray("events").getJsonObject(0).getString("cropJpegBase64")).isEqualTo("/9j/");
    assertThat(export.getString("pseudonym")).isEqualTo(hash.of("VIS1234"));
    assertThat(count("SELECT count(*) FROM audit_log WHERE entity = 'privacy' AND action = 'export' "
        + "AND actor = 'dpo' AND entity_id = '" + hash.of("VIS1234") + "'")).isEqualTo(1);

    JsonObject erased = vertx.eventBus().<JsonObject>request(Addresses.PRIVACY_ERASE, new JsonObject()
        .put("plate", "VIS1234").put("by", "dpo").put("why", "request 2026-42")).await(30, TimeUnit.SECONDS).body();
    assertThat(erased.getInteger("events")).isEqualTo(2);
    assertThat(erased.getInteger("passes")).isEqualTo(1);
    assertThat(erased.getInteger("inside")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM events WHERE id IN ('" + recent + "', '" + old + "')")).isZero();
    assertThat(count("SELECT count(*) FROM plate_reads WHERE plate IN ('VIS1234', '" + hash.of("VIS1234") + "')"))
        .isZero();
    assertThat(count("SELECT count(*) FROM passes WHERE plate = 'VIS1234'")).isZero();
    assertThat(count("SELECT count(*) FROM presence WHERE plate = 'VIS1234'")).isZero();
    assertThat(Files.exists(frames.resolve("e1").resolve(recent + ".jpg"))).isFalse();
    assertThat(count("SELECT count(*) FROM events WHERE id = '" + other + "'")).as("someone else's").isEqualTo(1);
    assertThat(Files.exists(frames.resolve("e1").resolve(other + ".jpg"))).isTrue();
    // the audit: the erasure under the pseudonym with its counts, and the pass's own delete on the admin's name
    assertThat(count("SELECT count(*) FROM audit_log WHERE entity = 'privacy' AND action = 'erase' AND actor = 'dpo' "
        + "AND after->>'why' = 'request 2026-42' AND (after->>'events')::int = 2")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM audit_log WHERE entity = 'privacy' AND after::text LIKE '%VIS1234%'"))
        .as("the privacy entries never name the plate").isZero();
    assertThat(count("SELECT count(*) FROM audit_log WHERE entity = 'pass' AND action = 'delete' "
        + "AND actor = 'dpo'")).isEqualTo(1);
  }
}
