package io.lanekeeper.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real RTSP camera for tests: {@code rtsp/rtsp_server.py} (GStreamer's RTSP server) serving a folder of JPEG
 * frames as live H.264 on a free loopback port. It can be frozen ({@code SIGSTOP}: connections stay open, nothing
 * comes), killed ({@code SIGKILL}) and started again on the same port, as cameras in the field do.
 *
 * <p>A server that does not say READY in time fails the test with what it wrote on stderr: a missing GStreamer
 * package is a broken test machine, not a reason to skip. {@link #close()} leaves no process behind, frozen or not;
 * should the test JVM die first, the server sees its stdin close and exits by itself.
 */
public final class RtspServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RtspServer.class);
  // Debian's interpreter: python3 on PATH may be a pyenv one, without GStreamer's bindings
  private static final String PYTHON = "/usr/bin/python3";
  private static final long READY_SECONDS = 20;
  private static final long STOP_SECONDS = 5;
  private static final int STDERR_LINES = 40;

  private final Options options;
  private final Path script;
  private Process process;
  private String url;
  private int port;
  private boolean frozen;
  private final Deque<String> stderr = new ArrayDeque<>();

  /**
   * What to serve and how.
   *
   * @param frames a folder of {@code f00000.jpg}, {@code f00001.jpg}, ... all of one size
   * @param loop play the frames again and again; else the last one stays on air
   * @param username with {@code password}, the login RTSP basic authentication asks for; null for none
   */
  public record Options(Path frames, int fps, boolean loop, String mount, String username, String password) {

    /** The frames at 25 fps, in a loop, on {@code /lane}, no login. */
    public static Options of(Path frames) {
      return new Options(frames, 25, true, "/lane", null, null);
    }

    public Options fps(int newFps) {
      return new Options(frames, newFps, loop, mount, username, password);
    }

    public Options once() {
      return new Options(frames, fps, false, mount, username, password);
    }

    public Options login(String user, String pass) {
      return new Options(frames, fps, loop, mount, user, pass);
    }
  }

  private RtspServer(Options options, Path script) {
    this.options = options;
    this.script = script;
  }

  /** Starts a server on a free port and waits until it listens. */
  public static RtspServer start(Options options) {
    return start(options, 0);
  }

  /**
   * On a given port: a camera the controller already tries to reach, so that the video's clock starts when the
   * controller is there to see it, however long its start took.
   */
  public static RtspServer start(Options options, int port) {
    RtspServer s = new RtspServer(options, script());
    s.launch(port);
    return s;
  }

  /** The stream's URL, without the login. */
  public String url() {
    return url;
  }

  /** The stream's URL with the login in it ({@code rtsp://user:password@host:port/mount}). */
  public String urlWithLogin() {
    if (options.username() == null) {
      return url;
    }
    String login = enc(options.username()) + ":" + enc(options.password()) + "@";
    return url.replaceFirst("rtsp://", "rtsp://" + login);
  }

  public int port() {
    return port;
  }

  /** The server process's id, while it runs. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Stops the server dead with SIGSTOP: its connections stay open and nothing comes through them. */
  public void freeze() {
    signal("STOP");
    frozen = true;
  }

  /** Lets a frozen server go on with SIGCONT. */
  public void thaw() {
    signal("CONT");
    frozen = false;
  }

  /** Kills the server with SIGKILL, as a camera losing power: no RTSP goodbye, connections reset. */
  public void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    awaitExit(STOP_SECONDS);
    frozen = false;
  }

  /** Starts the server again on the same port with the same frames, stopping it first if it runs. */
  public void restart() {
    stop();
    launch(port);
  }

  @Override
  public void close() {
    stop();
  }

  private void stop() {
    if (process == null) {
      return;
    }
    if (process.isAlive()) {
      // a stopped process keeps SIGTERM pending until it runs again
      if (frozen) {
        thaw();
      }
      process.destroy();
      if (!awaitExit(STOP_SECONDS)) {
        LOG.warn("RTSP server {} ignored SIGTERM for {} s; killing it", process.pid(), STOP_SECONDS);
        process.destroyForcibly();
        awaitExit(STOP_SECONDS);
      }
    }
    frozen = false;
  }

  private boolean awaitExit(long seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return false;
    }
  }

  private void launch(int wantedPort) {
    List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), "--port", String.valueOf(wantedPort),
        "--mount", options.mount(), "--frames", options.frames().toString(), "--fps", String.valueOf(options.fps()),
        "--die-with-stdin"));
    if (options.loop()) {
      cmd.add("--loop");
    }
    if (options.username() != null) {
      cmd.addAll(List.of("--username", options.username(), "--password", options.password()));
    }
    synchronized (stderr) {
      stderr.clear();
    }
    try {
      process = new ProcessBuilder(cmd).start();
    } catch (IOException e) {
      throw new AssertionError("cannot start " + PYTHON + " " + script + ": " + e.getMessage(), e);
    }
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread.ofVirtual().name("rtsp-stdout-" + process.pid()).start(() -> readStdout(process.getInputStream(), ready));
    Thread.ofVirtual().name("rtsp-stderr-" + process.pid()).start(() -> readStderr(process.getErrorStream()));
    try {
      url = ready.get(READY_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      process.destroyForcibly();
      awaitExit(STOP_SECONDS);
      throw new AssertionError("the RTSP server did not say READY within " + READY_SECONDS + " s (exit "
          + (process.isAlive() ? "none" : process.exitValue()) + "); its stderr:\n" + stderrTail());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("interrupted while the RTSP server started", e);
    }
    port = Integer.parseInt(url.replaceFirst("^rtsp://[^:/]+:(\\d+)/.*$", "$1"));
    LOG.debug("RTSP server {} serves {} from {}", process.pid(), url, options.frames());
  }

  private void readStdout(InputStream in, CompletableFuture<String> ready) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("READY ")) {
          ready.complete(line.substring("READY ".length()).trim());
        }
      }
    } catch (IOException e) {
      LOG.debug("RTSP server stdout closed: {}", e.getMessage());
    }
    // an exit before READY ends the wait at once instead of at the timeout
    ready.completeExceptionally(new IllegalStateException("stdout closed"));
  }

  private void readStderr(InputStream in) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        LOG.debug("rtsp_server: {}", line);
        synchronized (stderr) {
          stderr.addLast(line);
          if (stderr.size() > STDERR_LINES) {
            stderr.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("RTSP server stderr closed: {}", e.getMessage());
    }
  }

  /** The last lines the server wrote to its stderr (GStreamer's warnings): for a test's failure message. */
  public String stderrTail() {
    // the reader may still be draining what the process wrote just before it died
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (stderr) {
      return String.join("\n", stderr);
    }
  }

  private void signal(String name) {
    if (!isAlive()) {
      throw new IllegalStateException("the RTSP server is not running");
    }
    try {
      Process k = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).redirectErrorStream(true)
          .start();
      String out = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (k.waitFor() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending SIG" + name, e);
    }
  }

  /** The script on disk: straight from test-classes, or copied out of a jar. */
  private static Path script() {
    URL u = RtspServer.class.getResource("/rtsp/rtsp_server.py");
    if (u == null) {
      throw new AssertionError("rtsp/rtsp_server.py is not on the test classpath");
    }
    try {
      if ("file".equals(u.getProtocol())) {
        return Path.of(u.toURI());
      }
      Path tmp = Files.createTempFile("rtsp_server", ".py");
      tmp.toFile().deleteOnExit();
      try (InputStream in = u.openStream()) {
        Files.write(tmp, in.readAllBytes());
      }
      return tmp;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
