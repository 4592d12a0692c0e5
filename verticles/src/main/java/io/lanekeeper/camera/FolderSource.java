package io.lanekeeper.camera;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the images of a folder in name order at a fixed rate: the demo and the tests. The
 * folder is listed again at each loop so that images dropped in while it runs are picked up.
 */
final class FolderSource implements FrameSource {

  private static final Logger LOG = LoggerFactory.getLogger(FolderSource.class);
  private static final String IMAGES = "(?i).*\\.(jpe?g|png)$";

  private final Vertx vertx;
  private final String folder;
  private final long periodMs;
  private final boolean loop;
  private final long recheckMs;
  private final List<String> files = new ArrayList<>();
  private Handler<byte[]> onFrame;
  private Handler<String> onError;
  private int next;
  private long timer = -1;
  private boolean reading;
  private boolean stopped;

  FolderSource(Vertx vertx, String folder, double fps, boolean loop, long recheckMs) {
    this.vertx = vertx;
    this.folder = folder;
    this.periodMs = Math.max(1, Math.round(1000 / fps));
    this.loop = loop;
    this.recheckMs = recheckMs;
  }

  @Override
  public void start(Handler<byte[]> onFrame, Handler<String> onError) {
    this.onFrame = onFrame;
    this.onError = onError;
    list();
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    cancelTimer();
    return Future.succeededFuture();
  }

  /** Lists the folder, then starts the replay; while the folder is empty or missing, tries again later. */
  private void list() {
    relist(() -> timer = vertx.setPeriodic(1, periodMs, id -> tick()));
  }

  private void relist(Runnable then) {
    vertx.fileSystem().readDir(folder, IMAGES).onComplete(ar -> {
      if (stopped) {
        return;
      }
      if (ar.failed() || ar.result().isEmpty()) {
        onError.handle(ar.failed() ? "cannot list folder " + folder + ": " + ar.cause().getMessage()
            : "no .jpg, .jpeg or .png image in folder " + folder);
        cancelTimer();
        reading = false;
        timer = vertx.setTimer(recheckMs, id -> {
          timer = -1;
          list();
        });
        return;
      }
      files.clear();
      ar.result().stream().sorted(Comparator.comparing(f -> Path.of(f).getFileName().toString())).forEach(files::add);
      next = 0;
      then.run();
    });
  }

  private void tick() {
    if (reading) {
      // a slow disk: skip this tick rather than pile reads up
      return;
    }
    if (next < files.size()) {
      read(files.get(next++));
    } else if (loop) {
      // listed again at each loop so that images dropped in meanwhile join the replay; this tick still gets its frame
      reading = true;
      relist(() -> {
        reading = false;
        tick();
      });
    } else {
      cancelTimer();
      LOG.info("Replay of {} finished after {} images", folder, files.size());
    }
  }

  private void read(String file) {
    reading = true;
    vertx.fileSystem().readFile(file).onComplete(ar -> {
      reading = false;
      if (stopped) {
        return;
      }
      if (ar.succeeded()) {
        onFrame.handle(ar.result().getBytes());
      } else {
        onError.handle("cannot read " + file + ": " + ar.cause().getMessage());
      }
    });
  }

  private void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
