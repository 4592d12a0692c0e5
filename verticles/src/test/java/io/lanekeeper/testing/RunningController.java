package io.lanekeeper.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.anpr.AnprConfig;
import io.lanekeeper.anpr.DjlPlateRecognizer;
import io.lanekeeper.app.Controller;
import io.lanekeeper.config.AppConfig;
import io.lanekeeper.config.ConfigLoader;
import io.lanekeeper.synth.SynthCommand;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The whole controller on real parts for end-to-end tests: the trained models, an embedded (or the machine's)
 * PostgreSQL, one push-camera lane whose frames are made by the project's own generator, and an operator API token
 * for pushing them. Skips the test when the models are not on the classpath.
 */
public final class RunningController implements AutoCloseable {

  public final TestDatabase db;
  public final Vertx vertx;
  public final Controller controller;
  /** The generated frames the engine reads right, so a test is about the controller and not the models. */
  public final List<Path> frames;
  /** The plate in each of {@link #frames}. */
  public final List<String> plates;
  private final DjlPlateRecognizer recognizer;
  private final boolean ownDb;

  /**
   * @param lane the lane's JSON beyond its push camera and BR format (id, name, gate...)
   * @param gate the site's gate section (auto-close, travel time)
   */
  public RunningController(Path dir, int scenes, long seed, String token, JsonObject lane, JsonObject gate)
      throws Exception {
    this(dir, scenes, seed, token, new JsonArray().add(lane), gate, null, null, new JsonObject());
  }

  /**
   * As a device of a site: its lanes (none for a web-only device), on the given Vert.x (a member of the site's
   * cluster) and the site's database (not closed with it), with more configuration merged in (its cluster section).
   */
  public RunningController(Path dir, int scenes, long seed, String token, JsonArray lanes, JsonObject gate,
                           Vertx vertx, TestDatabase siteDb, JsonObject more) throws Exception {
    AnprConfig anpr = AnprConfig.defaults();
    Prerequisites.need(DjlPlateRecognizer.modelsAvailable(anpr), "models/*.onnx are not on the classpath");
    int rc = SynthCommand.run(new String[] {"--out", dir.toString(), "--scenes", Integer.toString(scenes), "--seed",
        Long.toString(seed), "--profiles", "br-old", "--clean", "--threads", "1"},
        new PrintStream(new ByteArrayOutputStream()));
    assertThat(rc).isZero();
    recognizer = new DjlPlateRecognizer(anpr);
    try (var s = Files.list(dir.resolve("scenes"))) {
      frames = s.filter(p -> p.toString().endsWith(".jpg")).sorted().filter(this::readRight).toList();
    }
    plates = frames.stream().map(RunningController::label).toList();
    ownDb = siteDb == null;
    db = ownDb ? TestDatabase.create() : siteDb;
    JsonArray laneList = new JsonArray();
    lanes.forEach(l -> laneList.add(((JsonObject) l).copy().put("formats", new JsonArray().add("BR"))
        .put("strictFormats", true).put("camera", new JsonObject().put("type", "push"))));
    JsonObject conf = ConfigLoader.merge(ConfigLoader.defaults(), new JsonObject()
        .put("http", new JsonObject().put("port", 0).put("tokens", new JsonArray().add(new JsonObject()
            .put("name", "camera").put("role", "operator").put("sha256", sha256Hex(token)))))
        .put("dataDir", dir.resolve("data").toString())
        // the one program an exec camera may run here: the first frame, written out by cat
        .put("cameraCommands", new JsonObject().put("replay", new JsonArray().add("cat")
            .add(frames.getFirst().toString())))
        .put("gate", gate)
        .put("tracker", new JsonObject().put("windowMs", 300).put("decideConfidence", 0.5))
        // Brazilian lanes that refuse reads of no Brazilian format (a junk read of lettering in the frame)
        .put("lanes", laneList));
    conf = ConfigLoader.merge(conf, more);
    this.vertx = vertx == null ? Vertx.vertx() : vertx;
    controller = Controller.start(this.vertx, AppConfig.from(conf), db.target(), recognizer)
        .await(60, TimeUnit.SECONDS);
  }

  /** The hex SHA-256 of an API token, as {@code http.tokens} holds it. */
  public static String sha256Hex(String token) {
    return io.lanekeeper.config.ApiTokens.sha256Hex(token);
  }

  /** The plate of a generated scene, from its label file. */
  public static String label(Path jpg) {
    try {
      return Files.readAllLines(Path.of(jpg.toString().replace(".jpg", ".txt"))).getFirst().split("\t")[5];
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean readRight(Path p) {
    try {
      var reads = recognizer.recognize(Files.readAllBytes(p), List.of("BR"), true,
          io.lanekeeper.bus.PlateArea.ALL);
      return !reads.isEmpty() && reads.getFirst().text().equals(label(p));
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    if (controller != null) {
      controller.stop().compose(v -> vertx.close()).await(20, TimeUnit.SECONDS);
    }
    recognizer.close();
    if (ownDb) {
      db.close();
    }
  }
}
