package io.lanekeeper.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@DisplayName("Secrets are masked wherever they could be shown, logged or audited")
class RedactionTest {

  private static final List<String> TEXTS = List.of(
      "cannot open MJPEG stream http://camuser:S3cretCamPass@10.0.0.21/video.mjpg: Connection refused",
      "camera command ffmpeg exited with 1: [rtsp @ 0x55] method DESCRIBE failed: 401 Unauthorized"
          + " | rtsp://admin:CamPw99@10.0.0.9:554/Streaming/Channels/101: Server returned 401",
      "snapshot http://10.0.0.7/snap.jpg?user=admin&password=hunter2&res=hd answered HTTP 500",
      "GET /cgi?access_token=abc.def-ghi;user-pw=top&x=1 failed; api_key=K3Y Token=T0k",
      "Authorization: Basic dXNlcjpwYXNz refused",
      "rtsp://user:p/ss%40word@cam/x and http://plain.example:8080/path@frag",
      "nothing to hide: http://10.0.0.21:8080/video.mjpg, user@example.org, fps=5, passthrough=1",
      "ffmpeg: rtsp://admin:p@ss@10.0.0.9/live: 401 and rtsp://admin:ab'cd<\"ef@cam/x refused",
      "");

  private static JsonObject lane() {
    return new JsonObject().put("id", "entry-1").put("camera", new JsonObject().put("type", "exec")
            .put("url", "http://camuser:S3cretCamPass@10.0.0.21/video.mjpg")
            .put("command", new JsonArray().add("ffmpeg").add("-i")
                .add("rtsp://admin:CamPw99@10.0.0.9/stream").add("--password").add("P4ss").add("-pw").add("x")
                .add("-f").add("mjpeg")))
        .put("gate", new JsonObject().put("relayTopic", "site/relay").put("apiToken", "t0k3n").put("pass", "p")
            .put("password", "").put("tokens", new JsonArray().add("kept")));
  }

  @Test
  @DisplayName("A URL's password, password= and token= values and an Authorization header are masked in text")
  void text() {
    assertThat(Redaction.text(TEXTS.get(0)))
        .isEqualTo("cannot open MJPEG stream http://camuser:***@10.0.0.21/video.mjpg: Connection refused");
    assertThat(Redaction.text(TEXTS.get(1))).contains("rtsp://admin:***@10.0.0.9:554").doesNotContain("CamPw99");
    assertThat(Redaction.text(TEXTS.get(2))).contains("user=admin&password=***&res=hd");
    assertThat(Redaction.text(TEXTS.get(3)))
        .isEqualTo("GET /cgi?access_token=***;user-pw=***&x=1 failed; api_key=*** Token=***");
    assertThat(Redaction.text(TEXTS.get(4))).isEqualTo("Authorization: Basic *** refused");
    assertThat(Redaction.text(TEXTS.get(5))).startsWith("rtsp://user:***@cam/x");
    // a password holding @ or quotes is masked whole, up to the URL's last @
    assertThat(Redaction.text(TEXTS.get(7))).isEqualTo("ffmpeg: rtsp://admin:***@10.0.0.9/live: 401 and "
        + "rtsp://admin:***@cam/x refused");
    assertThat(Redaction.text(TEXTS.get(6))).isEqualTo(TEXTS.get(6));
    assertThat(Redaction.text(Redaction.text(TEXTS.get(0)))).isEqualTo(Redaction.text(TEXTS.get(0)));
  }

  @Test
  @DisplayName("A lane's JSON keeps its shape with every secret masked: URLs, keys named like one, flag arguments")
  void json() {
    JsonObject masked = Redaction.json(lane());
    assertThat(masked.encode()).doesNotContain("S3cretCamPass", "CamPw99", "P4ss", "t0k3n");
    JsonObject camera = masked.getJsonObject("camera");
    assertThat(camera.getString("url")).isEqualTo("http://camuser:***@10.0.0.21/video.mjpg");
    assertThat(camera.getJsonArray("command")).containsExactly("ffmpeg", "-i", "rtsp://admin:***@10.0.0.9/stream",
        "--password", "***", "-pw", "***", "-f", "mjpeg");
    JsonObject gate = masked.getJsonObject("gate");
    assertThat(gate.getString("relayTopic")).isEqualTo("site/relay");
    assertThat(gate.getString("apiToken")).isEqualTo("***");
    assertThat(gate.getString("pass")).isEqualTo("***");
    assertThat(gate.getString("password")).isEmpty();
    assertThat(gate.getJsonArray("tokens")).containsExactly("kept");
    assertThat(lane().getJsonObject("camera").getString("url")).contains("S3cretCamPass");
  }

  @Test
  @DisplayName("An edit sent back with the masks keeps the stored secrets; a changed address keeps its mask, found")
  void restore() {
    JsonObject stored = lane();
    JsonObject roundTrip = Redaction.restore(Redaction.json(stored), stored);
    assertThat(roundTrip).isEqualTo(stored);
    assertThat(Redaction.maskedAt(roundTrip)).isNull();

    JsonObject moved = Redaction.json(stored);
    moved.getJsonObject("camera").put("url", "http://camuser:***@10.0.0.99/video.mjpg");
    JsonObject kept = Redaction.restore(moved, stored);
    assertThat(kept.getJsonObject("camera").getString("url")).isEqualTo("http://camuser:***@10.0.0.99/video.mjpg");
    assertThat(Redaction.maskedAt(kept)).isEqualTo("camera.url");

    JsonObject newPassword = Redaction.json(stored);
    newPassword.getJsonObject("camera").put("url", "http://camuser:N3w@10.0.0.21/video.mjpg");
    newPassword.getJsonObject("camera").getJsonArray("command").set(4, "***");
    JsonObject changed = Redaction.restore(newPassword, stored);
    assertThat(changed.getJsonObject("camera").getString("url")).isEqualTo("http://camuser:N3w@10.0.0.21/video.mjpg");
    assertThat(changed.getJsonObject("camera").getJsonArray("command").getString(4)).isEqualTo("P4ss");
    JsonObject maskOnly = Redaction.restore(new JsonObject().put("gate", new JsonObject().put("apiToken", "***")),
        null);
    assertThat(Redaction.maskedAt(maskOnly)).isEqualTo("gate.apiToken");
  }

  @Test
  @Tag("db")
  @DisplayName("The database's lk_redact masks exactly what Redaction masks")
  void databaseAgrees() {
    try (TestDatabase db = TestDatabase.create()) {
      for (String t : TEXTS) {
        assertThat(db.text("SELECT lk_redact_text(?)", t)).as(t).isEqualTo(Redaction.text(t));
      }
      JsonObject lane = lane();
      assertThat(new JsonObject(db.text("SELECT lk_redact(?::jsonb)::text", lane.encode())))
          .isEqualTo(Redaction.json(lane));
    }
  }

  @Test
  @Tag("db")
  @DisplayName("A lane's audit entries hold its camera with the password masked, and a new password alone is audited")
  void auditOfLanes() {
    try (TestDatabase db = TestDatabase.create()) {
      String camera = "{\"type\": \"mjpeg\", \"url\": \"http://camuser:S3cretCamPass@10.0.0.21/video.mjpg\"}";
      db.exec("INSERT INTO lanes (id, name, camera, config) VALUES ('entry-1', 'Entry', '" + camera + "', "
          + "jsonb_build_object('camera', '" + camera + "'::jsonb))");
      String changed = "'\"http://camuser:N3wPass@10.0.0.21/video.mjpg\"'";
      db.exec("UPDATE lanes SET camera = jsonb_set(camera, '{url}', " + changed + "), "
          + "config = jsonb_set(config, '{camera,url}', " + changed + ")");
      assertThat(db.count("SELECT count(*) FROM audit_log WHERE entity = 'lane'")).isEqualTo(2);
      assertThat(db.count("SELECT count(*) FROM audit_log "
          + "WHERE (coalesce(before::text, '') || coalesce(after::text, '')) ~ 'S3cret|N3wPass'")).isZero();
      assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'update' AND after #>> '{config,camera,url}' "
          + "= 'http://camuser:***@10.0.0.21/video.mjpg'")).isEqualTo(1);
      // the lane itself keeps what its camera connects with
      assertThat(db.count("SELECT count(*) FROM lanes WHERE camera ->> 'url' LIKE '%:N3wPass@%'")).isEqualTo(1);
    }
  }
}
