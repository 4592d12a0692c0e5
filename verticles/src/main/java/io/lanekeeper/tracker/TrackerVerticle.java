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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns plate reads into vehicles. The reads of one lane that come close in time belong to one vehicle when their
 * text is within {@code maxTextDistance} of its plate, or when a doubtful read overlaps its box (a misread of the
 * car that is there). A sure read of another text is another vehicle, even on the same spot: at a barrier the next
 * car of a queue stops exactly where the last one stood.
 *
 * <p>A vehicle's decision is asked for once: as soon as the consensus is confident enough, after {@code maxReads}
 * reads, or when the vehicle has left (missing from {@code goneFrames} frames read in a row) or been unseen for
 * {@code windowMs}; later reads of it are absorbed.
 *
 * <p>Where a plate stood still when its track ended is remembered ({@code spotMemoryMs}). A plate seen again there,
 * not moving, is a parked car or a car still waiting after its decision (the detector lost it for a moment): it is
 * reported on {@link Addresses#VEHICLE_PARKED} and never decided again. When it moves, a car that stood there for
 * {@code parkedAfterMs} was parked and is arriving now, and is decided; one that stood less is the car just decided,
 * leaving. Every frame holding the best read of a vehicle not yet decided is kept by the camera
 * ({@link Addresses#cameraKeep}), so the decision's frame can be shown and archived.
 *
 * <p>Config: {@link TrackerConfig} json.
 */
public class TrackerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TrackerVerticle.class);
  /** A vehicle missing from frames is gone only when it has also been unseen this long: a fast camera's frames. */
  static final long GONE_MIN_MS = 500;
  /** Spots remembered per lane, oldest forgotten first: a lane's memory never grows with what passes. */
  static final int MAX_SPOTS = 64;

  private TrackerConfig cfg;
  private LevenshteinDistance distance;
  private final Map<String, List<Track>> tracksByLane = new HashMap<>();
  private final Map<String, Deque<Track.Spot>> spotsByLane = new HashMap<>();

  @Override
  public Future<?> start() {
    cfg = TrackerConfig.from(config());
    distance = new LevenshteinDistance(cfg.maxTextDistance());
    return Future.all(
        vertx.eventBus().<JsonObject>consumer(Addresses.ANPR_READ, msg -> onRead(PlateRead.fromJson(msg.body())))
            .completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.ANPR_FRAME, msg -> onFrame(msg.body())).completion());
  }

  private void onRead(PlateRead read) {
    List<Track> tracks = tracksByLane.computeIfAbsent(read.lane(), l -> new ArrayList<>());
    Track track = findTrack(tracks, read);
    if (track == null) {
      track = new Track(read);
      track.spot = takeSpot(read);
      tracks.add(track);
      if (track.spot != null) {
        parked(track, read);
      }
    } else {
      track.add(read);
    }
    if (!track.decided && track.bestOfItsText(read)) {
      vertx.eventBus().send(Addresses.cameraKeep(read.lane()), new JsonObject().put("frameId", read.frameId()));
    }
    if (track.spot != null && !track.decided) {
      if (track.spot.box().iou(read.box()) >= Track.STILL_IOU) {
        scheduleExpiry(track);
        return;
      }
      boolean wasParked = Duration.between(track.spot.since(), read.capturedAt()).toMillis() >= cfg.parkedAfterMs();
      LOG.debug("Lane {}: {} moves off its spot: {}", track.lane, track.plate, wasParked ? "arriving" : "leaving");
      track.spot = null;
      // the car just decided drives off: no second decision for it
      track.decided = !wasParked;
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

  /**
   * The vehicle a read belongs to: a similar text ranks by its distance; a doubtful read of another text in the same
   * place ranks after every similar one; a sure read of another text belongs to none.
   */
  private Track findTrack(List<Track> tracks, PlateRead read) {
    Track best = null;
    int bestD = Integer.MAX_VALUE;
    for (Track t : tracks) {
      if (Duration.between(t.lastSeen, read.capturedAt()).toMillis() > cfg.windowMs()) {
        continue;
      }
      int d = distance.apply(t.plate, read.plate());
      int rank = d >= 0 ? d : read.confidence() < cfg.sureConfidence() && t.lastBox.iou(read.box()) >= cfg.sameBoxIou()
          ? cfg.maxTextDistance() + 1 : -1;
      if (rank >= 0 && rank < bestD) {
        best = t;
        bestD = rank;
      }
    }
    return best;
  }

  /** A frame was read: each vehicle of the lane missing from it is one frame closer to having left. */
  private void onFrame(JsonObject frame) {
    List<Track> tracks = tracksByLane.get(frame.getString("lane"));
    if (tracks == null) {
      return;
    }
    String frameId = frame.getString("frameId");
    Instant now = Instant.now();
    for (Track t : List.copyOf(tracks)) {
      if (frameId.equals(t.lastFrameId)) {
        continue;
      }
      t.misses++;
      if (t.misses >= cfg.goneFrames() && Duration.between(t.lastSeen, now).toMillis() >= GONE_MIN_MS) {
        end(t);
      }
    }
  }

  private void scheduleExpiry(Track t) {
    if (t.timer >= 0) {
      vertx.cancelTimer(t.timer);
    }
    t.timer = vertx.setTimer(cfg.windowMs(), id -> {
      t.timer = -1;
      end(t);
    });
  }

  /** The vehicle has left or been unseen too long: decided now if it still waits for it, and its spot remembered. */
  private void end(Track t) {
    List<Track> tracks = tracksByLane.get(t.lane);
    if (tracks == null || !tracks.remove(t)) {
      return;
    }
    if (t.timer >= 0) {
      vertx.cancelTimer(t.timer);
      t.timer = -1;
    }
    if (!t.decided && t.spot == null) {
      decide(t, Consensus.of(t.reads));
    }
    Instant since = t.spot != null ? t.spot.since() : t.stillSince;
    remember(t.lane, new Track.Spot(t.stillBox, t.plate, since, t.lastSeen));
  }

  private void remember(String lane, Track.Spot spot) {
    Deque<Track.Spot> spots = spotsByLane.computeIfAbsent(lane, l -> new ArrayDeque<>());
    spots.addLast(spot);
    while (spots.size() > MAX_SPOTS) {
      spots.removeFirst();
    }
  }

  /**
   * The remembered spot a new track's first read stands on with a similar plate (or a doubtful read of whatever is
   * there), taken out of the memory; or null.
   */
  private Track.Spot takeSpot(PlateRead read) {
    Deque<Track.Spot> spots = spotsByLane.get(read.lane());
    if (spots == null) {
      return null;
    }
    Track.Spot found = null;
    for (Iterator<Track.Spot> it = spots.iterator(); it.hasNext(); ) {
      Track.Spot s = it.next();
      if (Duration.between(s.lastSeen(), read.capturedAt()).toMillis() > cfg.spotMemoryMs()) {
        it.remove();
      } else if (found == null && s.box().iou(read.box()) >= Track.STILL_IOU
          && (distance.apply(s.plate(), read.plate()) >= 0 || read.confidence() < cfg.sureConfidence())) {
        found = s;
        it.remove();
      }
    }
    return found;
  }

  private void parked(Track t, PlateRead read) {
    LOG.debug("Lane {}: {} stands where it stood since {}: parked or still waiting", t.lane, read.plate(),
        t.spot.since());
    vertx.eventBus().publish(Addresses.VEHICLE_PARKED, new JsonObject().put("lane", t.lane).put("plate", read.plate())
        .put("confidence", read.confidence()).put("box", read.box().toJson()).put("since", t.spot.since().toString()));
  }

  private void decide(Track t, Consensus c) {
    t.decided = true;
    t.plate = c.plate();
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
