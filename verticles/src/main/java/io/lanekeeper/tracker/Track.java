package io.lanekeeper.tracker;

import io.lanekeeper.bus.Box;
import io.lanekeeper.bus.PlateRead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The reads of one vehicle in one lane, until it has left or been unseen for the tracker's window. */
final class Track {

  /** Reads kept to vote: a vehicle waiting on a spot is read for as long as it stands, its votes must not pile up. */
  static final int MAX_READS = 20;
  /** Sure reads off the standing place, in a row, that make a move: one read is jitter or a misplaced box. */
  static final int MOVE_READS = 2;

  final UUID vehicleId = UUID.randomUUID();
  final String lane;
  final Instant firstSeen;
  /** The reads voting for the plate, the newest {@link #MAX_READS}. */
  final List<PlateRead> reads = new ArrayList<>();
  /** The best confidence per text read so far: a read that beats it holds the frame the decision may show. */
  final Map<String, Double> bestByText = new HashMap<>();
  Instant lastSeen;
  Box lastBox;
  String lastFrameId;
  /** The vote of {@link #reads}, kept current by {@link #add}: the plate it gives is what the vehicle is matched by. */
  Consensus consensus;
  /** The plate as the reads say so far; fixed once decided. */
  String plate;
  /** Where the plate has stood since {@link #stillSince}. */
  Box stillBox;
  Instant stillSince;
  private int movedReads;
  /** The spot this plate was remembered at when its track began: it is parked or still waiting, not arriving. */
  Spot spot;
  /** Decided, or never to be decided (a car leaving after its decision): later reads are absorbed. */
  boolean decided;
  int misses;
  /** When the vehicle falls quiet (or, {@link #idle}, goes) unless a read of it comes first; null when not pending. */
  Instant due;
  /** Quiet already: {@link #due} is when a vehicle of a watching lane, read no more, has gone. */
  boolean idle;

  Track(PlateRead first) {
    this.lane = first.lane();
    this.firstSeen = first.capturedAt();
    this.stillBox = first.box();
    this.stillSince = first.capturedAt();
    add(first, false);
  }

  /**
   * Adds a read; returns how long the plate had stood still when this read completes a move off its place (ms), or
   * -1. Only sure reads move a plate: a doubtful one may be another car's, or a box put wrong.
   */
  long add(PlateRead r, boolean sure) {
    if (!decided) {
      reads.add(r);
      if (reads.size() > MAX_READS) {
        reads.removeFirst();
      }
      consensus = Consensus.of(reads);
      plate = consensus.plate();
    }
    if (lastSeen == null || r.capturedAt().isAfter(lastSeen)) {
      lastSeen = r.capturedAt();
    }
    lastBox = r.box();
    lastFrameId = r.frameId();
    misses = 0;
    if (!sure) {
      return -1;
    }
    if (!moved(stillBox, r.box())) {
      movedReads = 0;
      return -1;
    }
    if (++movedReads < MOVE_READS) {
      return -1;
    }
    long stood = java.time.Duration.between(stillSince, r.capturedAt()).toMillis();
    stillBox = r.box();
    stillSince = r.capturedAt();
    movedReads = 0;
    return stood;
  }

  /**
   * Whether a plate box is somewhere else than another: its centre half a plate width away, or a quarter wider or
   * narrower (coming closer). Overlap alone would take a small plate's jitter of a few pixels for a move.
   */
  static boolean moved(Box from, Box to) {
    double dx = (to.x() + to.w() / 2.0) - (from.x() + from.w() / 2.0);
    double dy = (to.y() + to.h() / 2.0) - (from.y() + from.h() / 2.0);
    return Math.hypot(dx, dy) > 0.5 * from.w() || Math.abs(to.w() - from.w()) > 0.25 * from.w();
  }

  /** Whether the read is this track's best of its text so far (and notes it). */
  boolean bestOfItsText(PlateRead r) {
    Double before = bestByText.get(r.plate());
    if (before != null && before >= r.confidence()) {
      return false;
    }
    if (bestByText.size() >= MAX_READS) {
      bestByText.clear();
    }
    bestByText.put(r.plate(), r.confidence());
    return true;
  }

  /**
   * Where a plate stood still, remembered after its track ended.
   *
   * @param parked known to be parked however long it stood: it was there when the camera first looked
   */
  record Spot(Box box, String plate, Instant since, Instant lastSeen, boolean parked) {
  }
}
