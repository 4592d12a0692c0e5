package io.lanekeeper.anpr;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.FrameRequest;
import io.lanekeeper.bus.FrameResult;
import io.lanekeeper.bus.FrameSeen;
import io.lanekeeper.bus.LocalCodec;
import io.lanekeeper.bus.PlateRead;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognition, deployed as a worker verticle (several instances share one recognizer; each worker
 * thread gets its own predictors). Replies to {@code anpr.recognize} with the reads of the frame and
 * publishes each read on {@code anpr.read}.
 */
public class AnprVerticle extends VerticleBase {

  /** The failure code of a frame the engine will not read (corrupt, not an image, too large). */
  public static final int IMAGE_REJECTED = 422;

  private static final Logger LOG = LoggerFactory.getLogger(AnprVerticle.class);

  private final PlateRecognizer recognizer;

  public AnprVerticle(PlateRecognizer recognizer) {
    this.recognizer = recognizer;
  }

  @Override
  public Future<?> start() {
    LocalCodec.register(vertx);
    vertx.eventBus().<JsonObject>localConsumer(Addresses.HEALTH_MODEL,
        msg -> msg.reply(new JsonObject().put("status", recognizer.open() ? "UP" : "DOWN")
            .put("engine", recognizer.describe())));
    return vertx.eventBus().<FrameRequest>localConsumer(Addresses.ANPR_RECOGNIZE, this::recognize).completion();
  }

  private void recognize(Message<FrameRequest> msg) {
    FrameRequest f = msg.body();
    long t0 = System.nanoTime();
    List<RecognizedPlate> plates;
    try {
      plates = recognizer.recognize(f.image(), f.formats(), f.strictFormats(), f.minLength(), f.area());
    } catch (ImageRejectedException e) {
      msg.fail(IMAGE_REJECTED, e.getMessage());
      return;
    } catch (RuntimeException e) {
      LOG.error("Recognition failed on frame {} of lane {}", f.frameId(), f.lane(), e);
      msg.fail(500, "recognition failed: " + e.getMessage());
      return;
    }
    long micros = (System.nanoTime() - t0) / 1000;
    List<PlateRead> reads = new ArrayList<>(plates.size());
    for (RecognizedPlate p : plates) {
      PlateRead r = new PlateRead(f.lane(), f.frameId(), f.capturedAt(), p.text(), p.confidence(),
          p.charConfidences(), p.box(), p.format(), p.cropJpeg());
      reads.add(r);
      vertx.eventBus().publish(Addresses.ANPR_READ, r.toJson());
    }
    vertx.eventBus().publish(Addresses.ANPR_FRAME, new FrameSeen(f.lane(), f.frameId(), reads.size()).toJson());
    msg.reply(new FrameResult(f.lane(), f.frameId(), reads, micros));
  }
}
