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

  /** Boxes overlapping less than this (intersection over union) are in different places: the plate moved. */
  static final double STILL_IOU = 0.5;

  final UUID vehicleId = UUID.randomUUID();
  final String lane;
  final Instant firstSeen;
  /** The reads voting for the plate: bounded by the tracker's maxReads, as the decision comes by then at the latest. */
  final List<PlateRead> reads = new ArrayList<>();
  /** The best confidence per text read so far: a read that beats it holds the frame the decision may show. */
  final Map<String, Double> bestByText = new HashMap<>();
  Instant lastSeen;
  Box lastBox;
  String lastFrameId;
  /** The plate as the reads say so far; fixed once decided. */
  String plate;
  /** Where the plate has stood since {@link #stillSince}, not moving. */
  Box stillBox;
  Instant stillSince;
  /** The spot this plate was remembered at when its track began: it is parked or still waiting, not arriving. */
  Spot spot;
  /** Decided, or never to be decided (a car leaving after its decision): later reads are absorbed. */
  boolean decided;
  int misses;
  long timer = -1;

  Track(PlateRead first) {
    this.lane = first.lane();
    this.firstSeen = first.capturedAt();
    this.stillBox = first.box();
    this.stillSince = first.capturedAt();
    add(first);
  }

  void add(PlateRead r) {
    if (!decided) {
      reads.add(r);
      plate = Consensus.of(reads).plate();
    }
    if (lastSeen == null || r.capturedAt().isAfter(lastSeen)) {
      lastSeen = r.capturedAt();
    }
    lastBox = r.box();
    lastFrameId = r.frameId();
    misses = 0;
    if (stillBox.iou(r.box()) < STILL_IOU) {
      stillBox = r.box();
      stillSince = r.capturedAt();
    }
  }

  /** Whether the read is this track's best of its text so far (and notes it). */
  boolean bestOfItsText(PlateRead r) {
    Double before = bestByText.get(r.plate());
    if (before != null && before >= r.confidence()) {
      return false;
    }
    bestByText.put(r.plate(), r.confidence());
    return true;
  }

  /** Where a plate stood still, remembered after its track ended. */
  record Spot(Box box, String plate, Instant since, Instant lastSeen) {
  }
}
