package io.lanekeeper.camera;

import io.lanekeeper.config.CameraConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * An RTSP camera, read by ffmpeg on the device: the controller builds the command itself from the lane's URL,
 * credentials, transport and rate, so a lane edited in the browser never carries a command line. The flags were
 * measured on a 1280x720 25 fps H.264 stream (issue #18): {@code -vf fps=N} decodes every frame but encodes only N
 * to JPEG, {@code -threads 1} keeps the MJPEG encoder from holding two frames back (without it the delay doubles),
 * {@code -timeout} ends a connection that stays silent at the socket and {@code -xerror} ends ffmpeg on a broken
 * stream rather than letting it smear on. A silence ffmpeg cannot see is the camera watchdog's to catch.
 */
final class RtspCamera {

  static final long PROBE_TIMEOUT_MS = 3_000;
  private static final long SOCKET_TIMEOUT_US = 5_000_000;
  /** ffmpeg's major version, once known; 0 while unknown (then the current flags are used). */
  private static volatile int ffmpegMajor;

  private final CameraConfig camera;
  private final URI address;

  RtspCamera(CameraConfig camera) {
    this.camera = camera;
    this.address = URI.create(camera.url());   // checked by CameraConfig
  }

  /** The address as people may see it: no credentials (the URL never holds any, {@link CameraConfig}). */
  String shown() {
    return camera.url();
  }

  /**
   * The ffmpeg command line: no shell, each argument its own. The socket timeout is {@code -timeout} from ffmpeg 5 on;
   * before (Ubuntu 22.04 and JetPack 6 ship 4.4) {@code -timeout} made ffmpeg listen as a server and the socket timeout
   * was {@code -stimeout}.
   */
  List<String> argv() {
    return argv(ffmpegMajor);
  }

  List<String> argv(int major) {
    return List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
        "-rtsp_transport", camera.transport(), major > 0 && major < 5 ? "-stimeout" : "-timeout",
        Long.toString(SOCKET_TIMEOUT_US),
        "-i", withCredentials(), "-xerror", "-an",
        "-vf", "fps=" + fps(camera.fps()), "-c:v", "mjpeg", "-q:v", "4", "-threads", "1", "-f", "image2pipe", "-");
  }

  private static String fps(double fps) {
    return fps == Math.rint(fps) ? Long.toString((long) fps) : String.format(Locale.ROOT, "%.3f", fps);
  }

  /** ffmpeg takes RTSP credentials only in the URL; each is percent-encoded so that ':' or '@' stays inside it. */
  private String withCredentials() {
    if (camera.username() == null || camera.username().isEmpty()) {
      return camera.url();
    }
    String user = encode(camera.username());
    String pass = camera.password() == null ? "" : ":" + encode(camera.password());
    return camera.url().replaceFirst("(?i)^(rtsps?://)", "$1" + java.util.regex.Matcher.quoteReplacement(
        user + pass + "@"));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Whether the camera's host takes a TCP connection on the RTSP port. ffmpeg answers an address that does not
   * answer with "Invalid data found when processing input" or a bare timeout; this says which of the installer's
   * mistakes it is. Succeeds with null when it connects, else with the sentence to show.
   */
  Future<String> probe(Vertx vertx) {
    Future<Void> version = ffmpegMajor > 0 ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      ffmpegMajor = ffmpegVersion();
      return null;
    });
    return version.compose(v -> connect(vertx));
  }

  /** The installed ffmpeg's major version, or -1 when it cannot be told (a build from git: the current flags). */
  static int ffmpegVersion() {
    try {
      Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-version").redirectErrorStream(true).start();
      String first;
      try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        first = in.readLine();
        in.transferTo(java.io.Writer.nullWriter());
      }
      p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      return parseMajor(first);
    } catch (java.io.IOException e) {
      return -1;   // not installed: the start that follows says so
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** "ffmpeg version 5.1.6-0+deb12u1 ..." is 5, "ffmpeg version n4.4.2" is 4; anything else -1. */
  static int parseMajor(String firstLine) {
    var m = java.util.regex.Pattern.compile("^ffmpeg version n?(\\d+)\\.").matcher(firstLine == null ? "" : firstLine);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private Future<String> connect(Vertx vertx) {
    String host = address.getHost();
    int port = address.getPort() > 0 ? address.getPort() : "rtsps".equalsIgnoreCase(address.getScheme()) ? 322 : 554;
    if (host == null) {
      return Future.succeededFuture("the camera URL " + shown() + " names no host");
    }
    var client = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) PROBE_TIMEOUT_MS));
    return client.connect(port, host)
        .map(socket -> {
          socket.close();
          return (String) null;
        })
        .recover(e -> Future.succeededFuture(unreachable(host, port, e)))
        .eventually(() -> client.close());
  }

  private static String unreachable(String host, int port, Throwable e) {
    String where = host + ":" + port;
    if (e instanceof UnknownHostException || String.valueOf(e.getMessage()).contains("resolve")) {
      return "the camera's host name " + host + " cannot be resolved: check the URL, or use the camera's IP address";
    }
    if (e instanceof ConnectException && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("refused")) {
      return "the camera at " + where + " refused the connection: its RTSP service is off or on another port";
    }
    return "the camera at " + where + " did not answer within " + PROBE_TIMEOUT_MS / 1000 + " s: it is off, "
        + "unplugged, or the address is wrong (" + e.getMessage() + ")";
  }

  /** ffmpeg's last words, with a sentence in front for the failures an installer meets. */
  static String explain(String stderr) {
    String s = stderr.toLowerCase(Locale.ROOT);
    String why = null;
    // whole phrases: a bare "404" would also be found in a port (:40493) or an address (0x5540413)
    if (s.contains("401 unauthorized") || s.contains("authorization failed")) {
      why = "the camera refused the username or password (401)";
    } else if (s.contains("403 forbidden")) {
      why = "the camera refused access to this stream (403): the user may lack the right to view it";
    } else if (s.contains("404 not found") || s.contains("404 stream not found")) {
      why = "the camera has no stream at this path (404): check the URL's path and channel";
    } else if (s.contains("connection refused")) {
      why = "the camera refused the connection: its RTSP service is off or on another port";
    } else if (s.contains("connection timed out") || s.contains("immediate exit requested")) {
      why = "the stream stopped: the camera or the network went silent";
    } else if (s.contains("invalid data found")) {
      why = "the camera answered but sent no video ffmpeg can read: check the path, or try the other transport";
    } else if (s.contains("461 unsupported transport")) {
      why = "the camera does not offer this transport: try transport tcp or udp";
    }
    return why == null ? stderr : why + "; ffmpeg said: " + stderr;
  }
}
