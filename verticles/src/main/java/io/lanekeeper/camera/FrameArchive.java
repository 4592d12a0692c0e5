package io.lanekeeper.camera;

import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the whole frame of each decision of one lane for the history: when the lane's decision is published, the
 * frame its vehicle was read best in (still among the camera's recent frames) is written to
 * {@code <dir>/<lane>/<eventId>.jpg} (or {@code .png}, as the camera gave it). The lane's folder is held under a
 * size limit: the oldest frames go first, so a gate device never fills its disk. Files are written and deleted off
 * the event loop; a frame that is no longer in memory or cannot be written is logged and skipped, the decision
 * itself never waits for it.
 */
final class FrameArchive {

  private static final Logger LOG = LoggerFactory.getLogger(FrameArchive.class);

  private final Vertx vertx;
  private final String lane;
  private final Path dir;
  private final long maxBytes;
  private final Function<String, byte[]> frames;
  private final Deque<Kept> kept = new ArrayDeque<>();
  private long bytes;
  private MessageConsumer<JsonObject> consumer;

  private record Kept(Path file, long size) {
  }

  /**
   * @param root the archive's folder; the lane's frames go to a sub-folder named after it
   * @param maxBytes the most the lane's folder may hold
   * @param frames the camera's recent frames by frame id (null when forgotten)
   */
  FrameArchive(Vertx vertx, String lane, Path root, long maxBytes, Function<String, byte[]> frames) {
    this.vertx = vertx;
    this.lane = lane;
    this.dir = root.resolve(lane);
    this.maxBytes = maxBytes;
    this.frames = frames;
  }

  /** Lists what is already kept (oldest first), trims it to the limit, then follows the lane's decisions. */
  Future<Void> start() {
    return vertx.<Void>executeBlocking(() -> {
      Files.createDirectories(dir);
      try (Stream<Path> s = Files.list(dir)) {
        List<Path> files = s.filter(p -> p.toString().endsWith(".jpg") || p.toString().endsWith(".png"))
            .sorted(Comparator.comparing(FrameArchive::modified)).toList();
        for (Path p : files) {
          added(new Kept(p, Files.size(p)));
        }
      }
      trim();
      return null;
    }).onSuccess(v -> {
      consumer = vertx.eventBus().localConsumer(Addresses.ACCESS_DECISION, m -> onDecision(m.body()));
      LOG.info("Lane {}: keeping decision frames in {} ({} frames, {} MB of at most {} MB)", lane, dir, kept.size(),
          bytes >> 20, maxBytes >> 20);
    });
  }

  Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void onDecision(JsonObject body) {
    if (!lane.equals(body.getString("lane"))) {
      return;
    }
    AccessDecision d;
    try {
      d = AccessDecision.fromJson(body);
    } catch (RuntimeException e) {
      LOG.warn("Lane {}: a decision that cannot be read: {}", lane, e.toString());
      return;
    }
    if (d.vehicle() == null || d.vehicle().best() == null) {
      return;
    }
    String frameId = d.vehicle().best().frameId();
    byte[] image = frames.apply(frameId);
    if (image == null) {
      LOG.info("Lane {}: frame {} of decision {} is no longer in memory; the history keeps its crop only", lane,
          frameId, d.eventId());
      return;
    }
    Path file = dir.resolve(FrameFiles.name(d.eventId(), image));
    vertx.fileSystem().writeFile(file.toString(), Buffer.buffer(image)).onSuccess(v -> {
      if (added(new Kept(file, image.length))) {
        vertx.executeBlocking(() -> {
          trim();
          return null;
        });
      }
    }).onFailure(e -> LOG.warn("Lane {}: cannot keep the frame of decision {} in {}: {}", lane, d.eventId(), dir,
        e.toString()));
  }

  /** Notes a frame written; true when the folder is now over its limit. */
  private synchronized boolean added(Kept k) {
    kept.add(k);
    bytes += k.size();
    return bytes > maxBytes;
  }

  /** Deletes the oldest frames until the folder is within its limit. */
  private synchronized void trim() {
    while (bytes > maxBytes && !kept.isEmpty()) {
      Kept k = kept.pollFirst();
      bytes -= k.size();
      try {
        Files.deleteIfExists(k.file());
      } catch (IOException e) {
        LOG.warn("Lane {}: cannot delete the old frame {}: {}", lane, k.file(), e.toString());
      }
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Frames kept now, and their bytes (tests). */
  synchronized long[] usage() {
    return new long[] {kept.size(), bytes};
  }
}
