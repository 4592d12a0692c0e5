package io.lanekeeper.camera;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.Alert;
import io.lanekeeper.bus.CameraTrigger;
import io.lanekeeper.bus.FrameRef;
import io.lanekeeper.bus.FrameRequest;
import io.lanekeeper.bus.FrameResult;
import io.lanekeeper.bus.LocalCodec;
import io.lanekeeper.bus.PlateArea;
import io.lanekeeper.config.CameraConfig;
import io.lanekeeper.config.Redaction;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera of one lane, deployed with its {@link CameraSetup}. Continuous sources (folder,
 * snapshot, MJPEG, RTSP, exec) go through two one-slot stages, motion gating then recognition, where the
 * newest frame replaces a waiting one: the engine always reads the freshest frame and nothing
 * queues up. Pushed frames skip both and are answered one by one ({@link PushReceiver}).
 *
 * <p>A continuous source has a watchdog: no frame for {@code stallMs} means the camera is down, whatever its
 * connection says; the source is stopped, started afresh, and an alert raised. The frames a stalled stream pours
 * out when it comes back are dropped ({@link CatchUp}).
 */
public class CameraVerticle extends VerticleBase {

  private final RecentFrames recent = new RecentFrames();
  private static final Logger LOG = LoggerFactory.getLogger(CameraVerticle.class);
  static final long STATUS_INTERVAL_MS = 1000;
  /** An engine slower than this is broken; the next frame gets its chance. */
  static final long RECOGNIZE_TIMEOUT_MS = 10_000;
  private static final long LOG_INTERVAL_MS = 30_000;

  private final CameraSetup setup;
  private final String laneId;
  private final List<String> formats;
  private final boolean strictFormats;
  private final int minLength;   // the engine's shortest reading: the lane's read.minLength where below the default
  private final CameraConfig camera;
  private final CameraStats stats = new CameraStats();
  private final ThrottledLog sourceLog = new ThrottledLog(LOG, LOG_INTERVAL_MS);
  private final ThrottledLog recognitionLog = new ThrottledLog(LOG, LOG_INTERVAL_MS);
  private String frameIdPrefix;
  private long frameCounter;
  private long statusTimer = -1;
  private MotionDetector motion;
  private WorkerExecutor decoder;
  private LatestWins<FrameRequest> motionStage;
  private LatestWins<FrameRequest> recognition;
  private FrameSource source;
  private PushReceiver push;
  private FrameArchive archive;
  private int burstLeft;
  private final PlateArea area;
  private CatchUp catchUp;
  /** Which source instance is current: callbacks of one that was replaced are ignored. */
  private int generation;
  private long sourceStartedMs;
  /** An outage is alerted once, and its end once. */
  private boolean alerted;
  /** When the camera went down, or -1 while it is up: an outage is alerted once it has lasted. */
  private long downSinceMs = -1;
  /** When the current source last said it failed: it is retrying on its own then, not silent. */
  private long sourceErrorMs;
  /** A restart is under way: the old source is still being stopped. */
  private boolean restarting;
  private boolean stopping;
  private byte[] latest;

  public CameraVerticle(CameraSetup setup) {
    this.setup = setup;
    laneId = setup.lane().id();
    formats = setup.lane().formats();
    strictFormats = setup.lane().strictFormats();
    // a lane may only lower the engine's floor: a lane that wants longer plates still gets the shorter reads, and
    // its read floor decides them unreadable, for staff to see (read.minLength)
    minLength = Math.min(setup.lane().read().minLength(), FrameRequest.DEFAULT_MIN_LENGTH);
    camera = setup.lane().camera();
    area = PlateArea.lane(camera.plateRegion(), camera.minPlateWidth());
  }

  @Override
  public Future<?> start() {
    LocalCodec.register(vertx);
    // the start time keeps frame ids unique across restarts, the counter keeps them readable
    frameIdPrefix = laneId + "-" + Long.toString(System.currentTimeMillis(), 36) + "-";
    statusTimer = vertx.setPeriodic(STATUS_INTERVAL_MS, id -> publishStatus());
    vertx.eventBus().<JsonObject>localConsumer(Addresses.cameraKeep(laneId),
        m -> recent.keep(FrameRef.fromJson(m.body()).frameId()));
    vertx.eventBus().<JsonObject>localConsumer(Addresses.cameraFrame(laneId), m -> {
      String id = FrameRef.fromJson(m.body()).frameId();
      byte[] image = id.equals(FrameRef.LATEST) ? latest : recent.get(id);
      if (image == null) {
        m.fail(404, "frame no longer kept");
      } else {
        m.reply(Buffer.buffer(image));
      }
    });
    if (setup.archive() != null && setup.archiveMaxBytes() > 0) {
      archive = new FrameArchive(vertx, laneId, setup.archive(), setup.archiveMaxBytes(),
          recent::get);
    }
    Future<Void> kept = archive == null ? Future.succeededFuture() : archive.start();
    return kept.compose(v -> startSource());
  }

  private Future<?> startSource() {
    if (camera.type().equals("push")) {
      push = new PushReceiver(vertx, laneId, formats, strictFormats, minLength, area, stats, this::nextFrameId,
          RECOGNIZE_TIMEOUT_MS,
          recognitionLog, f -> {
            recent.put(f.frameId(), f.image());
            latest = f.image();
          });
      return push.start().onSuccess(v -> started());
    }
    motion = new MotionDetector(camera.roi(), camera.motionThreshold());
    decoder = vertx.createSharedWorkerExecutor("lanekeeper-camera-" + laneId, 1);
    motionStage = new LatestWins<>(this::gateByMotion, replaced -> stats.dropped++);
    recognition = new LatestWins<>(this::recognize, replaced -> stats.dropped++);
    catchUp = new CatchUp(vertx, this::onFreshFrame);
    startSourceNow();
    vertx.eventBus().<JsonObject>localConsumer(Addresses.cameraTrigger(laneId), m -> {
      int frames = CameraTrigger.fromJson(m.body()).frames();
      burstLeft = Math.max(burstLeft, frames);
      source.burst(frames);
    });
    started();
    return Future.succeededFuture();
  }

  /** A new source instance; the callbacks of earlier ones no longer count. */
  private void startSourceNow() {
    int mine = ++generation;
    sourceStartedMs = System.currentTimeMillis();
    source = createSource(camera);
    source.start(image -> {
      if (mine == generation) {
        onFrame(image);
      }
    }, why -> {
      if (mine == generation) {
        sourceErrorMs = System.currentTimeMillis();
        onSourceError(why);
      }
    });
  }

  /** The watchdog, on each status tick: a source silent for {@code stallMs} is down and is started afresh. */
  private void watch(long nowMs) {
    if (downSinceMs >= 0 && !alerted && nowMs - downSinceMs >= alertAfterMs()) {
      alerted = true;
      alert("critical", "the camera of lane " + laneId + " is down: " + stats.lastError);
    }
    if (source == null || camera.stallMs() <= 0 || restarting) {
      return;
    }
    long lastMs = stats.lastFrameAt == null ? 0 : stats.lastFrameAt.toEpochMilli();
    long errorMs = Math.max(sourceErrorMs, sourceStartedMs);
    boolean first = lastMs < sourceStartedMs;
    long silentMs = nowMs - Math.max(lastMs, errorMs);
    // a first frame waits for the connection, the stream's set-up and its first key frame (some cameras send one
    // every 4 to 10 s); a source that said it failed is retrying on its own, with its own back-off
    long limitMs = lastMs >= errorMs ? camera.stallMs()
        : sourceErrorMs > sourceStartedMs ? ExecSource.MAX_BACKOFF_MS + firstFrameMs() : firstFrameMs();
    if (silentMs < limitMs) {
      return;
    }
    String why = (first ? "no first frame in " : "no frame for ") + (silentMs / 100) / 10.0
        + " s: the camera or its network went silent; starting the " + camera.type() + " source again";
    LOG.warn("Lane {}: {}", laneId, why);
    down(why);
    catchUp.reset();
    // the old session ends before the new one starts: many cameras serve one session at a time
    restarting = true;
    source.stop().onComplete(ar -> {
      restarting = false;
      if (ar.failed()) {
        LOG.debug("Lane {}: the stalled source stopped badly: {}", laneId, ar.cause().toString());
      }
      if (source != null && !stopping) {
        startSourceNow();
      }
    });
  }

  /** The wait for a source's first frame: an RTSP camera's default stallMs gives 15 s. */
  private long firstFrameMs() {
    return 3 * camera.stallMs();
  }

  /** How long the camera must stay down before an alert says so: one failed snapshot or reconnect is no outage. */
  private long alertAfterMs() {
    return Math.max(2 * camera.stallMs(), 5_000);
  }

  /** The camera is down: counted and shown now, alerted once the outage has lasted ({@link #watch}). */
  private void down(String why) {
    stats.error(why);
    stats.up = false;
    if (downSinceMs < 0) {
      downSinceMs = System.currentTimeMillis();
    }
  }

  private void alert(String level, String message) {
    vertx.eventBus().publish(Addresses.ALERT, new Alert("camera", laneId, level, message, Instant.now()).toJson());
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(statusTimer);
    if (catchUp != null) {
      catchUp.reset();
    }
    List<Future<?>> closing = new ArrayList<>();
    if (motionStage != null) {
      motionStage.close();
      recognition.close();
    }
    if (source != null) {
      closing.add(source.stop());
    }
    if (push != null) {
      closing.add(push.stop());
    }
    if (decoder != null) {
      closing.add(decoder.close());
    }
    if (archive != null) {
      closing.add(archive.stop());
    }
    return Future.join(closing);
  }

  private FrameSource createSource(CameraConfig c) {
    return switch (c.type()) {
      case "folder" -> new FolderSource(vertx, c.path(), c.fps(), c.loop(), c.reconnectMs());
      case "snapshot" -> new SnapshotSource(vertx, c.url(), c.intervalMs());
      case "mjpeg" -> new MjpegSource(vertx, c.url(), c.reconnectMs(), MjpegParser.DEFAULT_MAX_PART_BYTES);
      case "exec" -> new ExecSource(vertx, execArgv(c), c.reconnectMs(), MjpegParser.DEFAULT_MAX_PART_BYTES);
      case "rtsp" -> {
        RtspCamera rtsp = new RtspCamera(c);
        yield new ExecSource(vertx, rtsp::argv, c.reconnectMs(), MjpegParser.DEFAULT_MAX_PART_BYTES,
            () -> rtsp.probe(vertx), RtspCamera::explain);
      }
      default -> throw new IllegalArgumentException("no continuous source of type " + c.type());
    };
  }

  /** The program the controller resolved from the configuration file's cameraCommands; never one the lane wrote. */
  private List<String> execArgv(CameraConfig c) {
    if (setup.execArgv().isEmpty()) {
      throw new IllegalArgumentException("lane " + laneId + ": no program named '" + c.command()
          + "' under cameraCommands in the configuration file");
    }
    return setup.execArgv();
  }

  private void started() {
    LOG.info("Lane {}: {} camera started{}{}", laneId, camera.type(),
        camera.type().equals("rtsp") ? " on " + Redaction.text(camera.url()) + " at " + camera.fps() + " fps" : "",
        motion != null && motion.enabled() ? " with motion gating at " + camera.motionThreshold() : "");
    publishStatus();
  }

  private String nextFrameId() {
    return frameIdPrefix + (++frameCounter);
  }

  private void onFrame(byte[] image) {
    Instant now = Instant.now();
    stats.frameArrived(now);
    latest = image;
    downSinceMs = -1;
    if (alerted) {
      alerted = false;
      LOG.info("Lane {}: the camera gives frames again", laneId);
      alert("ok", "the camera of lane " + laneId + " gives frames again");
    }
    catchUp.offer(image, now.toEpochMilli());
  }

  /** A frame that is not the stale leftover of a stall: on to motion gating or recognition. */
  private void onFreshFrame(byte[] image) {
    FrameRequest frame = new FrameRequest(laneId, nextFrameId(), Instant.now(), image, formats, strictFormats,
        minLength, area);
    if (burstLeft > 0) {
      // a vehicle on the loop: this frame goes to recognition whatever the motion gate would say
      burstLeft--;
      recognition.offer(frame);
    } else if (motion.enabled()) {
      motionStage.offer(frame);
    } else {
      recognition.offer(frame);
    }
  }

  private Future<Boolean> gateByMotion(FrameRequest frame) {
    return decoder.executeBlocking(() -> motion.hasMotion(GreyFrame.decode(frame.image(), MotionDetector.WORK_WIDTH)))
        .recover(e -> {
          // ImageIO reads fewer JPEG variants than the engine does: let the engine have the last word
          LOG.debug("Lane {}: frame {} not decodable for motion gating: {}", laneId, frame.frameId(), e.toString());
          return Future.succeededFuture(true);
        })
        .onSuccess(moved -> {
          if (moved) {
            recognition.offer(frame);
          } else {
            stats.skippedNoMotion++;
          }
        });
  }

  private Future<FrameResult> recognize(FrameRequest frame) {
    stats.handed++;
    recent.put(frame.frameId(), frame.image());
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(RECOGNIZE_TIMEOUT_MS);
    return vertx.eventBus().<FrameResult>request(Addresses.ANPR_RECOGNIZE, frame, options)
        .map(reply -> reply.body())
        .onFailure(e -> recognitionFailed(frame, e));
  }

  private void recognitionFailed(FrameRequest frame, Throwable e) {
    String why = e instanceof ReplyException re
        ? re.failureType() + (re.failureCode() > 0 ? " " + re.failureCode() : "") + ": " + re.getMessage()
        : e.toString();
    stats.error("recognition of frame " + frame.frameId() + " failed: " + why);
    recognitionLog.warn("Lane {}: recognition of frame {} failed: {}", laneId, frame.frameId(), why);
  }

  /** Sources name their address in their errors (an RTSP URL in ffmpeg's stderr): masked before anyone sees it. */
  private void onSourceError(String why) {
    String said = Redaction.text(why);
    down(said);
    sourceLog.warn("Lane {}: {}", laneId, said);
  }

  private void publishStatus() {
    long now = System.currentTimeMillis();
    watch(now);
    stats.stale = catchUp == null ? 0 : catchUp.stale();
    vertx.eventBus().publish(Addresses.CAMERA_STATUS,
        stats.status(laneId, camera.type(), System.currentTimeMillis()).toJson());
  }
}
