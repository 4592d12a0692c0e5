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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A camera read through a child process that writes JPEG frames, back to back, to its standard output: GStreamer
 * for a CSI or USB camera on a Jetson ({@code nvarguscamerasrc ! nvjpegenc ! fdsink}), or ffmpeg for RTSP
 * ({@code ffmpeg -rtsp_transport tcp -i rtsp://... -f image2pipe -c:v mjpeg -}). No shell is involved. Frames are
 * cut by JPEG markers ({@link MjpegParser} without a boundary) on a thread of the source's own and handed to the
 * verticle's context; only the newest frame waits there, so a fast camera never floods the event loop. When the
 * process ends or fails it is started again after {@code reconnectMs}; its last lines of standard error say why.
 */
final class ExecSource implements FrameSource {

  private static final int STDERR_LINES = 5;

  private final Vertx vertx;
  private final List<String> command;
  private final long reconnectMs;
  private final int maxFrameBytes;
  private final Supplier<Future<String>> preflight;
  private final UnaryOperator<String> explain;
  private Context context;
  private Handler<byte[]> onFrame;
  private Handler<String> onError;
  private volatile boolean stopped;
  private volatile Process process;
  private long timer = -1;
  private final AtomicReference<byte[]> latest = new AtomicReference<>();

  ExecSource(Vertx vertx, List<String> command, long reconnectMs, int maxFrameBytes) {
    this(vertx, command, reconnectMs, maxFrameBytes, null, UnaryOperator.identity());
  }

  /**
   * @param preflight checked before each start: null to go on, else why the program would fail (an RTSP camera
   *     whose host does not answer), reported as the error instead of starting it
   * @param explain turns the program's last lines of standard error into the sentence to show
   */
  ExecSource(Vertx vertx, List<String> command, long reconnectMs, int maxFrameBytes,
             Supplier<Future<String>> preflight, UnaryOperator<String> explain) {
    this.vertx = vertx;
    this.command = List.copyOf(command);
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
    if (preflight == null) {
      Thread.ofPlatform().name("lanekeeper-exec-camera").daemon().start(this::readProcess);
      return;
    }
    preflight.get().onComplete(ar -> {
      String why = ar.succeeded() ? ar.result() : ar.cause().toString();
      if (stopped) {
        return;
      }
      if (why == null) {
        Thread.ofPlatform().name("lanekeeper-exec-camera").daemon().start(this::readProcess);
      } else {
        retryLater(why);
      }
    });
  }

  /** Reports why the program is not running and starts it again after {@code reconnectMs}; on the context. */
  private void retryLater(String why) {
    onError.handle(why + " (trying again in " + reconnectMs + " ms)");
    timer = vertx.setTimer(reconnectMs, t -> {
      timer = -1;
      launch();
    });
  }

  private void readProcess() {
    Deque<String> stderr = new ArrayDeque<>();
    String why;
    try {
      Process p = new ProcessBuilder(command).start();
      process = p;
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
      why = "the camera program " + command.getFirst() + " exited with " + code;
    } catch (IOException e) {
      why = "the camera program " + command.getFirst() + " cannot start: " + e.getMessage();
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
    if (latest.getAndSet(frame) == null) {
      context.runOnContext(v -> {
        byte[] f = latest.getAndSet(null);
        if (f != null && !stopped) {
          onFrame.handle(f);
        }
      });
    }
  }

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
      p.destroy();
      if (!p.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return null;
    });
  }
}
