package io.lanekeeper.tracker;

import io.lanekeeper.bus.ParkedPlate;
import io.lanekeeper.bus.PlateRead;
import io.lanekeeper.bus.VehicleRead;
import io.lanekeeper.config.CameraConfig;
import io.lanekeeper.config.TrackerConfig;
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
 * <p>A vehicle's decision is asked for once: as soon as the consensus is confident enough (on a watching lane, with
 * {@code confirmReads} reads of its plate exactly: one frame's misread never decides alone), after {@code maxReads}
 * reads, or when no read of it came for {@code windowMs}; later reads of it are absorbed. A vehicle has gone when
 * {@code goneFrames} frames in a row were read without it, and it was unseen for {@code windowMs}.
 *
 * <p>On a lane whose camera watches all the time (a stream, snapshots, a program), a vehicle lasts until frames show
 * it gone, or {@code idleMs} without a read (a car standing still behind a shut motion gate gets no reads, and is
 * the same car when it drives off). Where a plate stood when its vehicle ended is remembered ({@code spotMemoryMs}):
 * the same plate there again, read surely and not moving, is a parked car or a car still waiting, reported on
 * {@link Addresses#VEHICLE_PARKED} and never decided again; so is whatever the camera's first frames show
 * ({@code warmupMs}), which was there before the controller looked. A plate moves only by sure reads, two in a row,
 * half a plate width away or a quarter bigger or smaller: jitter is no move. When a plate that stood for
 * {@code parkedAfterMs} moves, it was parked and is a car arriving: a new vehicle, decided. One that stood less is
 * the car just decided driving off. Pushed frames come when a car does and a folder replay cuts from car to car: on
 * those lanes a vehicle ends after {@code windowMs} unseen and every later sighting is a new one.
 *
 * <p>Every read that is the best of its text so far for a vehicle not yet decided asks the camera to keep its frame
 * ({@link Addresses#cameraKeep}), so the decision's frame can still be shown and archived.
 *
 * <p>The core keeps no clock of its own: every call says what time it is, and {@link #advance} fires what is due by
 * then. {@link TrackerVerticle} drives it from the event bus and the wall clock on a running lane; {@code anpr video}
 * drives it from a recording's timestamps, as fast as the engine reads. Not thread-safe: one caller at a time.
 *
 * <p>Config: {@link TrackerConfig}, given at construction.
 */
public final class VehicleTracker {

  /** What the tracker tells: a vehicle to decide, a parked plate, a frame to keep for a decision. */
  public interface Events {
    /** A vehicle to decide ({@code VEHICLE_READ} on a running lane). */
    void vehicle(VehicleRead vehicle);

    /** A plate standing where it stood before: parked, or a car still waiting; never decided again. */
    void parked(ParkedPlate plate);

    /** The frame of a read that is its vehicle's best of its text so far: keep it, the decision may show it. */
    void keepFrame(String lane, String frameId);
  }

  private static final Logger LOG = LoggerFactory.getLogger(VehicleTracker.class);
  /**
   * A vehicle missing from frames is gone only when it has also been unseen this long, and for {@code windowMs}: a
   * fast camera's frames, or a detector that loses a car for a moment as it starts to move.
   */
  static final long GONE_MIN_MS = 500;
  /** On a watching lane, a vehicle read only doubtfully needs this many reads to be one. */
  static final int MIN_DOUBTFUL_READS = 2;
  /** Spots remembered per lane, oldest forgotten first: a lane's memory never grows with what passes. */
  static final int MAX_SPOTS = 64;

  private final TrackerConfig cfg;
  private final Events events;
  private final LevenshteinDistance distance;
  private final Map<String, List<Track>> tracksByLane = new HashMap<>();
  private final Map<String, Deque<Track.Spot>> spotsByLane = new HashMap<>();
  /** Each lane's camera type, from the cameras' statuses. */
  private final Map<String, String> sources = new HashMap<>();
  /** When each lane's first read or frame came. */
  private final Map<String, Instant> firstSeen = new HashMap<>();

  public VehicleTracker(TrackerConfig cfg, Events events) {
    this.cfg = cfg;
    this.events = events;
    this.distance = new LevenshteinDistance(cfg.maxTextDistance());
  }

  /** The lane's camera type ({@link CameraConfig#WATCHING} types watch the lane all the time). */
  public void source(String lane, String type) {
    sources.put(lane, type == null ? "" : type);
  }

  /** A plate read at {@code now}: fires what was due before it first. */
  public void read(PlateRead read, Instant now) {
    advance(now);
    List<Track> tracks = tracksByLane.computeIfAbsent(read.lane(), l -> new ArrayList<>());
    Instant laneStart = firstSeen.computeIfAbsent(read.lane(), l -> read.capturedAt());
    boolean sure = read.confidence() >= cfg.sureConfidence();
    Track track = findTrack(tracks, read);
    if (track == null) {
      track = newTrack(read, laneStart, sure);
      tracks.add(track);
      LOG.debug("Lane {}: {} ({}) at {}: a vehicle of its own", read.lane(), read.plate(),
          String.format("%.3f", read.confidence()), read.box());
    } else {
      long stood = track.add(read, sure);
      if (stood >= 0 && (track.spot != null || track.decided)) {
        boolean parked = track.spot != null
            ? track.spot.parked() || Duration.between(track.spot.since(), read.capturedAt()).toMillis()
                >= cfg.parkedAfterMs()
            : stood >= cfg.parkedAfterMs();
        if (parked) {
          // it stood there long, as a parked car does, and drives off now: a car arriving at the gate
          LOG.debug("Lane {}: {} moves off the place it was parked at: a vehicle", track.lane, track.plate);
          tracks.remove(track);
          track = new Track(read);
          tracks.add(track);
        } else if (track.spot != null) {
          // the car just decided, or waiting for staff, drives off: no second decision for it
          track.spot = null;
          track.decided = true;
        }
      }
    }
    if (track.spot != null) {
      quietAfter(track, now);
      return;
    }
    if (!track.decided && track.bestOfItsText(read)) {
      events.keepFrame(read.lane(), read.frameId());
    }
    if (track.decided) {
      quietAfter(track, now);
      return;
    }
    Consensus c = track.consensus;
    if ((c.confidence() >= cfg.decideConfidence() && confirmed(track, c)) || track.reads.size() >= cfg.maxReads()) {
      decide(track, c, now);
    }
    quietAfter(track, now);
  }

  /** A frame of the lane was read at {@code now}: each vehicle missing from it is one frame closer to having left. */
  public void frame(String lane, String frameId, Instant now) {
    advance(now);
    firstSeen.putIfAbsent(lane, now);
    List<Track> tracks = tracksByLane.get(lane);
    if (tracks == null) {
      return;
    }
    for (Track t : List.copyOf(tracks)) {
      if (frameId.equals(t.lastFrameId)) {
        continue;
      }
      t.misses++;
      if (t.misses >= cfg.goneFrames()
          && Duration.between(t.lastSeen, now).toMillis() >= Math.max(GONE_MIN_MS, cfg.windowMs())) {
        end(t, now);
      }
    }
  }

  /** Fires, in time order, everything due at or before {@code now}. */
  public void advance(Instant now) {
    for (Track t = earliest(); t != null && !t.due.isAfter(now); t = earliest()) {
      Instant at = t.due;
      t.due = null;
      if (t.idle) {
        end(t, at);
      } else {
        quiet(t, at);
      }
    }
  }

  /** When the next vehicle falls quiet or goes; null when none is pending. */
  public Instant nextDue() {
    Track t = earliest();
    return t == null ? null : t.due;
  }

  /** The end of the frames (a recording's last): every vehicle still held has gone, decided if it still waits. */
  public void finish(Instant now) {
    advance(now);
    for (List<Track> tracks : List.copyOf(tracksByLane.values())) {
      for (Track t : List.copyOf(tracks)) {
        end(t, now);
      }
    }
  }

  /**
   * Moves every pending due time by {@code by}: the wall clock the caller tells the time by jumped (NTP on a device
   * that booted without a clock), and what was due in a second is still due in a second.
   */
  public void shiftDue(Duration by) {
    for (List<Track> tracks : tracksByLane.values()) {
      for (Track t : tracks) {
        if (t.due != null) {
          t.due = t.due.plus(by);
        }
      }
    }
  }

  /** The vehicles held now, in all lanes. */
  public int vehicles() {
    return tracksByLane.values().stream().mapToInt(List::size).sum();
  }

  private Track earliest() {
    Track first = null;
    for (List<Track> tracks : tracksByLane.values()) {
      for (Track t : tracks) {
        if (t.due != null && (first == null || t.due.isBefore(first.due))) {
          first = t;
        }
      }
    }
    return first;
  }

  /**
   * A plate no vehicle holds. On a watching lane, a sure read standing on a remembered spot with a similar plate is
   * that car still there, and whatever the camera's first frames show was there before: both are parked, reported
   * as such, and become a vehicle only when they drive off. A doubtful read never takes a spot: it may be another
   * car's plate misread.
   */
  private Track newTrack(PlateRead read, Instant laneStart, boolean sure) {
    Track t = new Track(read);
    if (watches(read.lane())) {
      t.spot = sure ? takeSpot(read) : null;
      if (t.spot == null && Duration.between(laneStart, read.capturedAt()).toMillis() < cfg.warmupMs()) {
        t.spot = new Track.Spot(read.box(), read.plate(), read.capturedAt(), read.capturedAt(), true);
      }
      if (t.spot != null) {
        parked(t, read);
      }
    }
    return t;
  }

  /**
   * The vehicle a read belongs to: a similar text ranks by its distance; a doubtful read of another text in the same
   * place ranks after every similar one; a sure read of another text belongs to none.
   */
  private Track findTrack(List<Track> tracks, PlateRead read) {
    Track best = null;
    int bestD = Integer.MAX_VALUE;
    for (Track t : tracks) {
      // on a watching lane a vehicle lasts until frames show it gone: one that stands still with the motion gate shut
      // gets no reads, and is still the same vehicle when it drives off
      if (!watches(t.lane) && Duration.between(t.lastSeen, read.capturedAt()).toMillis() > cfg.windowMs()) {
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

  /** No read of the vehicle since {@code now}: it falls quiet {@code windowMs} later unless one comes. */
  private void quietAfter(Track t, Instant now) {
    t.due = now.plusMillis(cfg.windowMs());
    t.idle = false;
  }

  /**
   * No read of the vehicle for {@code windowMs}: it is decided now if it still waits (the driver does not wait for
   * frames that may not come), and on a lane of pushed or replayed frames it has gone. On a watching lane it is gone
   * when frames show it so ({@link #frame}), or after {@code idleMs} without a read.
   */
  private void quiet(Track t, Instant now) {
    if (!t.decided && t.spot == null) {
      decide(t, t.consensus, now);
    }
    if (!watches(t.lane)) {
      end(t, now);
      return;
    }
    t.due = now.plusMillis(Math.max(1, cfg.idleMs() - cfg.windowMs()));
    t.idle = true;
  }

  /** The vehicle has left or been unseen too long: decided now if it still waits for it, and its spot remembered. */
  private void end(Track t, Instant now) {
    List<Track> tracks = tracksByLane.get(t.lane);
    if (tracks == null || !tracks.remove(t)) {
      return;
    }
    t.due = null;
    if (!t.decided && t.spot == null) {
      decide(t, t.consensus, now);
    }
    if (!watches(t.lane)) {
      return;
    }
    Instant since = t.spot != null ? t.spot.since() : t.stillSince;
    remember(t.lane, new Track.Spot(t.stillBox, t.plate, since, t.lastSeen, t.spot != null && t.spot.parked()));
  }

  /**
   * Whether a sure consensus may decide at once: on a lane of pushed or replayed frames, always (its next frame may
   * never come); on a watching lane, when {@code confirmReads} of the vehicle's reads read its plate exactly, so that
   * one frame's misread, however sure, never decides alone while the camera still sees the car.
   */
  private boolean confirmed(Track t, Consensus c) {
    if (cfg.confirmReads() <= 1 || !watches(t.lane)) {
      return true;
    }
    return t.reads.stream().filter(r -> r.plate().equals(c.plate())).count() >= cfg.confirmReads();
  }

  /** Whether the lane's camera watches it all the time, so that a plate standing in view can be a parked car. */
  private boolean watches(String lane) {
    return CameraConfig.WATCHING.contains(sources.getOrDefault(lane, ""));
  }

  private void remember(String lane, Track.Spot spot) {
    Deque<Track.Spot> spots = spotsByLane.computeIfAbsent(lane, l -> new ArrayDeque<>());
    spots.addLast(spot);
    while (spots.size() > MAX_SPOTS) {
      spots.removeFirst();
    }
  }

  /** The remembered spot a new track's first read stands on with a similar plate, taken out of the memory; or null. */
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
      } else if (found == null && !Track.moved(s.box(), read.box()) && distance.apply(s.plate(), read.plate()) >= 0) {
        found = s;
        it.remove();
      }
    }
    return found;
  }

  private void parked(Track t, PlateRead read) {
    LOG.debug("Lane {}: {} stands where it stood since {}: parked or still waiting", t.lane, read.plate(),
        t.spot.since());
    events.parked(new ParkedPlate(t.lane, read.plate(), read.confidence(), read.box(), t.spot.since()));
  }

  private void decide(Track t, Consensus c, Instant now) {
    t.decided = true;
    if (watches(t.lane) && t.reads.size() < MIN_DOUBTFUL_READS
        && t.reads.stream().allMatch(r -> r.confidence() < cfg.sureConfidence())) {
      // one doubtful glimpse in a camera that watches all the time: a shadow, a sign, a texture; a car that stands at
      // the barrier with a plate nobody can read is seen again, and is decided unreadable then
      LOG.debug("Lane {}: {} seen once at {} only: noise, not a vehicle", t.lane, c.plate(),
          String.format("%.3f", c.confidence()));
      return;
    }
    t.plate = c.plate();
    VehicleRead v = new VehicleRead(t.vehicleId, t.lane, t.firstSeen, now, c.plate(), c.confidence(),
        c.charConfidences(), t.reads.size(), c.best());
    LOG.debug("Vehicle {} in lane {}: {} ({} reads, confidence {})", v.vehicleId(), v.lane(), v.plate(),
        v.nReads(), String.format("%.3f", v.confidence()));
    events.vehicle(v);
  }
}
