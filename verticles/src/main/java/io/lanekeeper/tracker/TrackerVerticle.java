package io.lanekeeper.tracker;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.PlateRead;
import io.lanekeeper.bus.VehicleRead;
import io.lanekeeper.config.TrackerConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns plate reads into vehicles: the reads of one lane that come close in time and look alike
 * (similar text or overlapping box) belong to one vehicle. The vehicle's decision is asked for
 * once, as soon as the consensus is confident enough, or after {@code maxReads} reads, or when the
 * vehicle has been gone for {@code windowMs}; later reads of it are absorbed.
 *
 * <p>Config: {@link TrackerConfig} json.
 */
public class TrackerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TrackerVerticle.class);

  private TrackerConfig cfg;
  private LevenshteinDistance distance;
  private final Map<String, List<Track>> tracksByLane = new HashMap<>();

  @Override
  public Future<?> start() {
    cfg = TrackerConfig.from(config());
    distance = new LevenshteinDistance(cfg.maxTextDistance());
    return vertx.eventBus().<JsonObject>consumer(Addresses.ANPR_READ, msg -> onRead(PlateRead.fromJson(msg.body())))
        .completion();
  }

  private void onRead(PlateRead read) {
    List<Track> tracks = tracksByLane.computeIfAbsent(read.lane(), l -> new ArrayList<>());
    Track track = findTrack(tracks, read);
    if (track == null) {
      track = new Track(read);
      tracks.add(track);
    } else {
      track.add(read);
    }
    if (track.decided) {
      scheduleExpiry(track);
      return;
    }
    Consensus c = Consensus.of(track.reads);
    if (c.confidence() >= cfg.decideConfidence() || track.reads.size() >= cfg.maxReads()) {
      decide(track, c);
    }
    scheduleExpiry(track);
  }

  private Track findTrack(List<Track> tracks, PlateRead read) {
    Track best = null;
    int bestD = Integer.MAX_VALUE;
    for (Track t : tracks) {
      if (Duration.between(t.lastSeen, read.capturedAt()).toMillis() > cfg.windowMs()) {
        continue;
      }
      // a similar text ranks by its distance; a different text in the same place ranks after every similar one
      int d = distance.apply(t.reads.getLast().plate(), read.plate());
      int rank = d >= 0 ? d : t.lastBox.iou(read.box()) >= cfg.sameBoxIou() ? cfg.maxTextDistance() + 1 : -1;
      if (rank >= 0 && rank < bestD) {
        best = t;
        bestD = rank;
      }
    }
    return best;
  }

  private void scheduleExpiry(Track t) {
    if (t.timer >= 0) {
      vertx.cancelTimer(t.timer);
    }
    t.timer = vertx.setTimer(cfg.windowMs(), id -> expire(t));
  }

  private void expire(Track t) {
    if (!t.decided) {
      decide(t, Consensus.of(t.reads));
    }
    List<Track> tracks = tracksByLane.get(t.lane);
    if (tracks != null) {
      tracks.remove(t);
    }
  }

  private void decide(Track t, Consensus c) {
    t.decided = true;
    VehicleRead v = new VehicleRead(t.vehicleId, t.lane, t.firstSeen, Instant.now(), c.plate(), c.confidence(),
        c.charConfidences(), t.reads.size(), c.best());
    LOG.debug("Vehicle {} in lane {}: {} ({} reads, confidence {})", v.vehicleId(), v.lane(), v.plate(),
        v.nReads(), String.format("%.3f", v.confidence()));
    vertx.eventBus().publish(Addresses.VEHICLE_READ, v.toJson());
  }

  @Override
  public Future<?> stop() {
    tracksByLane.values().forEach(ts -> ts.forEach(t -> vertx.cancelTimer(t.timer)));
    return Future.succeededFuture();
  }
}
