package io.lanekeeper.tracker;

import io.lanekeeper.bus.Box;
import io.lanekeeper.bus.PlateRead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The reads of one vehicle in one lane, until it has been gone for the tracker's window. */
final class Track {

  final UUID vehicleId = UUID.randomUUID();
  final String lane;
  final Instant firstSeen;
  final List<PlateRead> reads = new ArrayList<>();
  Instant lastSeen;
  Box lastBox;
  boolean decided;
  long timer = -1;

  Track(PlateRead first) {
    this.lane = first.lane();
    this.firstSeen = first.capturedAt();
    add(first);
  }

  void add(PlateRead r) {
    reads.add(r);
    if (lastSeen == null || r.capturedAt().isAfter(lastSeen)) {
      lastSeen = r.capturedAt();
    }
    lastBox = r.box();
  }
}
