package io.lanekeeper.camera;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A camera read through a child process that writes JPEG frames, back to back, to its standard output: GStreamer
 * for a CSI or USB camera on a Jetson ({@code nvarguscamerasrc ! nvjpegenc ! fdsink}), or ffmpeg for RTSP
 * ({@link RtspCamera}). No shell is involved. Frames are cut by JPEG markers ({@link MjpegParser} without a
 * boundary) on a thread of the source's own and handed to the verticle's context; only the newest frame waits
 * there, so a fast camera never floods the event loop. When the process ends or fails it is started again after
 * {@code reconnectMs}, doubled after each start that gave no frame up to {@link #MAX_BACKOFF_MS} (a camera that
 * refuses a password locks the account after a few tries a second); its last lines of standard error say why.
 */
final class ExecSource implements FrameSource {

  private static final int STDERR_LINES = 5;
  static final long MAX_BACKOFF_MS = 60_000;

  private final Vertx vertx;
  private final Supplier<List<String>> command;
  private final long reconnectMs;
  private final int maxFrameBytes;
  private final Supplier<Future<String>> preflight;
  private final UnaryOperator<String> explain;
  private Context context;
  private Handler<byte[]> onFrame;
  private Handler<String> onError;
  private volatile boolean stopped;
  private volatile Process process;
  private volatile boolean gaveFrames;
  private int failures;
  private long timer = -1;
  private final AtomicReference<byte[]> latest = new AtomicReference<>();

  ExecSource(Vertx vertx, List<String> command, long reconnectMs, int maxFrameBytes) {
    this(vertx, () -> command, reconnectMs, maxFrameBytes, null, UnaryOperator.identity());
  }

  /**
   * @param command the program and its arguments, asked for at each start
   * @param preflight checked before each start: null to go on, else why the program would fail (an RTSP camera
   *     whose host does not answer), reported as the error instead of starting it
   * @param explain turns the program's last lines of standard error into the sentence to show
   */
  ExecSource(Vertx vertx, Supplier<List<String>> command, long reconnectMs, int maxFrameBytes,
             Supplier<Future<String>> preflight, UnaryOperator<String> explain) {
    this.vertx = vertx;
    this.command = command;
    this.reconnectMs = reconnectMs;
    this.maxFrameBytes = maxFrameBytes;
    this.preflight = preflight;
    this.explain = explain;
  }

  @Override
  public void start(Handler<byte[]> onFrame, Handler<String> onError) {
    this.context = vertx.getOrCreateContext();
    this.onFrame = onFrame;
    this.onError = onError;
    launch();
  }

  private void launch() {
    if (stopped) {
      return;
    }
    Future<String> check = preflight == null ? Future.succeededFuture() : preflight.get();
    check.onComplete(ar -> {
      String why = ar.succeeded() ? ar.result() : ar.cause().toString();
      if (stopped) {
        return;
      }
      if (why == null) {
        List<String> argv = List.copyOf(command.get());
        Thread.ofPlatform().name("lanekeeper-exec-camera").daemon().start(() -> readProcess(argv));
      } else {
        retryLater(why);
      }
    });
  }

  /** Reports why the program is not running and starts it again later; on the context. */
  private void retryLater(String why) {
    failures = gaveFrames ? 1 : failures + 1;
    gaveFrames = false;
    long delay = Math.min(MAX_BACKOFF_MS, reconnectMs << Math.min(20, failures - 1));
    onError.handle(why + " (trying again in " + delay + " ms)");
    timer = vertx.setTimer(delay, t -> {
      timer = -1;
      launch();
    });
  }

  private void readProcess(List<String> argv) {
    Deque<String> stderr = new ArrayDeque<>();
    String why;
    try {
      Process p = new ProcessBuilder(argv).start();
      process = p;
      if (stopped) {
        // stop() came between the start and the line above: it had no process to end
        end(p);
        return;
      }
      Thread errors = Thread.ofPlatform().daemon().name("lanekeeper-exec-camera-stderr")
          .start(() -> drain(p.getErrorStream(), stderr));
      MjpegParser parser = new MjpegParser(null, maxFrameBytes, this::deliver);
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = p.getInputStream()) {
        int n;
        while (!stopped && (n = in.read(buf)) >= 0) {
          parser.feed(buf, 0, n);
        }
      }
      int code = p.waitFor();
      // the last words on stderr explain the exit: let the reader reach the end of them (a grandchild holding the
      // pipe open must not hold up the restart, hence the bound)
      errors.join(500);
      why = "the camera program " + argv.getFirst() + " exited with " + code;
    } catch (IOException e) {
      why = "the camera program " + argv.getFirst() + " cannot start: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (stopped) {
      return;
    }
    String message;
    synchronized (stderr) {
      message = stderr.isEmpty() ? why : explain.apply(String.join(" | ", stderr)) + " (" + why + ")";
    }
    context.runOnContext(v -> {
      if (!stopped) {
        retryLater(message);
      }
    });
  }

  private static void drain(InputStream err, Deque<String> last) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (last) {
          last.addLast(line.length() > 200 ? line.substring(0, 200) : line);
          if (last.size() > STDERR_LINES) {
            last.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  /** Newest frame wins: only one hand-over to the context is ever pending. */
  private void deliver(byte[] frame) {
    gaveFrames = true;
    if (latest.getAndSet(frame) == null) {
      context.runOnContext(v -> {
        byte[] f = latest.getAndSet(null);
        if (f != null && !stopped) {
          onFrame.handle(f);
        }
      });
    }
  }

  /** Completes once the program has ended, so that a restarted camera never holds two sessions at once. */
  @Override
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    Process p = process;
    if (p == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      end(p);
      return null;
    });
  }

  private static void end(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(3, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(3, TimeUnit.SECONDS);
    }
  }
}
