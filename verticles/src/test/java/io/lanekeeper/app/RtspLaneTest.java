package io.lanekeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.anpr.AnprConfig;
import io.lanekeeper.anpr.DjlPlateRecognizer;
import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.config.AppConfig;
import io.lanekeeper.config.ConfigLoader;
import io.lanekeeper.testing.Poll;
import io.lanekeeper.testing.Ports;
import io.lanekeeper.testing.QueueVideo;
import io.lanekeeper.testing.RtspServer;
import io.lanekeeper.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An RTSP camera as an installer sets one up: a real RTSP server (GStreamer's, started by the test) streaming H.264
 * of a queue of cars made by our generator, read by a lane of type {@code rtsp} in the whole controller with the
 * trained models. Nothing is skipped: without ffmpeg or the server's packages the test fails, saying so.
 */
class RtspLaneTest {

  private static final String LANE = "rtsp-1";
  private static final String USER = "gate";
  private static final String PASSWORD = "Qz7-secret-pw";

  @TempDir
  static Path dir;
  private static DjlPlateRecognizer recognizer;
  private static QueueVideo.Video video;

  @BeforeAll
  static void models() throws Exception {
    recognizer = new DjlPlateRecognizer(AnprConfig.defaults());
    // 8 s of empty lane first: the camera is connected and past its warm-up when the queue comes
    video = QueueVideo.write(dir.resolve("queue"), 10, 25, 18, 8);
  }

  @AfterAll
  static void close() {
    if (recognizer != null) {
      recognizer.close();
    }
  }

  /** The controller with one rtsp lane on the given server; its facts on the bus are collected by the caller. */
  private static Controller start(Vertx vertx, TestDatabase db, String url, String password, Path data)
      throws Exception {
    JsonObject camera = new JsonObject().put("type", "rtsp").put("url", url).put("username", USER)
        .put("password", password).put("fps", 5).put("stallMs", 3000).put("reconnectMs", 500);
    JsonObject conf = ConfigLoader.merge(ConfigLoader.defaults(), new JsonObject()
        .put("http", new JsonObject().put("port", 0))
        .put("dataDir", data.toString())
        .put("lanes", new JsonArray().add(new JsonObject().put("id", LANE).put("name", "RTSP gate")
            .put("formats", new JsonArray().add(QueueVideo.PROFILE)).put("camera", camera))));
    return Controller.start(vertx, AppConfig.from(conf), db.target(), recognizer).await(60, TimeUnit.SECONDS);
  }

  /**
   * The lane's job, as an operator sees it: each car of the queue, registered, is let in once, as itself, with the
   * frame it was read in kept for the dashboard and the archive. The text of each read is the engine's, measured by
   * {@code anpr suite}; here a read one character off still matches its own car (the lane's {@code maxDistance} 1),
   * as at a real gate. CI once read RAC2B92 as RAG2B92 on a loaded machine, which an exact comparison of the texts
   * failed on although the lane did its job.
   */
  @Test
  @DisplayName("A queue of registered cars through an rtsp lane: one decision per car, in order, each letting its "
      + "own car in, each with its frame still kept")
  void queueOfCars() throws Exception {
    List<AccessDecision> decisions = new CopyOnWriteArrayList<>();
    Map<UUID, Boolean> framesKept = new ConcurrentHashMap<>();
    Vertx vertx = Vertx.vertx();
    int port = Ports.freePort();
    try (TestDatabase db = TestDatabase.create()) {
      for (String plate : video.plates()) {
        db.exec("INSERT INTO plates (plate, display, kind, owner) VALUES ('" + plate + "', '" + plate
            + "', 'allow', 'Queue of cars')");
      }
      vertx.eventBus().<JsonObject>consumer(Addresses.ACCESS_DECISION, m -> {
        AccessDecision d = AccessDecision.fromJson(m.body());
        decisions.add(d);
        // the decision's frame, asked for as the dashboard and the archive ask for it
        vertx.eventBus().<Buffer>request(Addresses.cameraFrame(LANE), new JsonObject().put("frameId",
            d.vehicle().best().frameId()), new DeliveryOptions().setSendTimeout(2000))
            .onComplete(ar -> framesKept.put(d.eventId(), ar.succeeded() && ar.result().body().length() > 0));
      });
      // the controller first, trying to reach a camera that is not there yet; the video starts once it is running
      Controller c = start(vertx, db, "rtsp://127.0.0.1:" + port + "/lane", PASSWORD, dir.resolve("queue-data"));
      try (RtspServer server = RtspServer.start(RtspServer.Options.of(video.frames()).once().login(USER, PASSWORD),
          port)) {
        String last = video.plates().getLast();
        Poll.until("the last car decided", (long) video.seconds() + 20, () -> decisions.stream()
            .anyMatch(d -> last.equals(d.matchedPlate())) && framesKept.size() >= decisions.size());
        // what is late comes now: a second decision for a car, or a parked "vehicle"
        Thread.sleep(3000);
        List<String> reads = decisions.stream().map(d -> d.vehicle().plate() + " " + d.reason()).toList();
        assertThat(decisions).as("the decisions, read and reason: %s", reads)
            .extracting(AccessDecision::matchedPlate).containsExactlyElementsOf(video.plates());
        assertThat(decisions).as("the decisions, read and reason: %s", reads)
            .allSatisfy(d -> assertThat(d.allowed()).isTrue());
        assertThat(framesKept).hasSize(decisions.size())
            .allSatisfy((id, kept) -> assertThat(kept).as("frame of decision " + id).isTrue());
      } finally {
        c.stop().await(20, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(20, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("An rtsp camera frozen with its connection open is DOWN within stallMs; killed and back, it recovers "
      + "by itself; wrong credentials say so without the password")
  void frozenKilledAndRefused() throws Exception {
    List<JsonObject> statuses = new CopyOnWriteArrayList<>();
    List<JsonObject> alerts = new CopyOnWriteArrayList<>();
    Vertx vertx = Vertx.vertx();
    try (TestDatabase db = TestDatabase.create();
         RtspServer server = RtspServer.start(RtspServer.Options.of(video.frames()).login(USER, PASSWORD))) {
      vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS, m -> statuses.add(m.body()));
      vertx.eventBus().<JsonObject>consumer(Addresses.ALERT, m -> alerts.add(m.body()));
      Controller c = start(vertx, db, server.url(), PASSWORD, dir.resolve("freeze-data"));
      try {
        Poll.until("frames from the stream", 20, () -> last(statuses).getBoolean("up") && frames(statuses) > 5);

        server.freeze();
        long frozenAt = System.currentTimeMillis();
        Poll.until("DOWN while frozen", 10, () -> !last(statuses).getBoolean("up"));
        long downAfter = System.currentTimeMillis() - frozenAt;
        assertThat(downAfter).as("ms from freeze to DOWN").isLessThan(3000 + 2500);
        assertThat(last(statuses).getString("lastError")).contains("no frame for");
        // an outage that lasts is alerted: after twice stallMs, once
        Poll.until("the alert", 10, () -> alerts.stream().anyMatch(a -> a.getString("level").equals("critical")));

        server.kill();
        server.restart();
        long back = frames(statuses);
        Poll.until("UP again by itself", 30, () -> last(statuses).getBoolean("up") && frames(statuses) > back + 5);
        assertThat(last(statuses).getString("lastError")).isNull();
        assertThat(alerts).anySatisfy(a -> assertThat(a.getString("message")).contains("gives frames again"));
      } finally {
        c.stop().await(20, TimeUnit.SECONDS);
      }

      statuses.clear();
      Controller wrong = start(vertx, db, server.url(), "not-" + PASSWORD, dir.resolve("wrong-data"));
      try {
        Poll.until("a clear error", 20, () -> !statuses.isEmpty() && last(statuses).getString("lastError") != null);
        String error = last(statuses).getString("lastError");
        assertThat(error).contains("refused the username or password (401)");
        assertThat(statuses.toString() + alerts).doesNotContain(PASSWORD);
      } finally {
        wrong.stop().await(20, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(20, TimeUnit.SECONDS);
    }
  }

  private static JsonObject last(List<JsonObject> statuses) {
    for (int i = statuses.size() - 1; i >= 0; i--) {
      if (LANE.equals(statuses.get(i).getString("lane"))) {
        return statuses.get(i);
      }
    }
    return new JsonObject().put("up", false).put("frames", 0L);
  }

  private static long frames(List<JsonObject> statuses) {
    return last(statuses).getLong("frames", 0L);
  }
}
