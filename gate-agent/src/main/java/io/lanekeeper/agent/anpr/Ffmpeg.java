package io.lanekeeper.agent.anpr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** ffmpeg and ffprobe as the video tools use them: a video's length, its frames as JPEGs, frames back to a video. */
final class Ffmpeg {

  /** What is kept of a process's stderr for an error message: its last lines, never more than this. */
  static final int ERR_CHARS = 2000;
  static final String MISSING = "ffmpeg is not installed (Debian: apt-get install ffmpeg)";
  static final String SETSID = "/usr/bin/setsid";

  private Ffmpeg() {
  }

  /** The video's length in seconds from ffprobe, or null when it does not say (a stream, no ffprobe). */
  static Double duration(String src) {
    try {
      Process p = new ProcessBuilder(detached(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration",
          "-of", "default=noprint_wrappers=1:nokey=1", "--", src))).redirectErrorStream(true).start();
      Tail output = new Tail(p.getInputStream());
      if (!p.waitFor(10, TimeUnit.SECONDS)) {   // a stalled mount or stream: no length, no hang
        p.destroyForcibly();
        return null;
      }
      double d = Double.parseDouble(output.text());
      return d > 0 && Double.isFinite(d) ? d : null;
    } catch (IOException | NumberFormatException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** ffmpeg decoding {@code src} at {@code fps} frames a second to JPEGs on its stdout, one after another. */
  static Decoder decode(String src, int fps) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-v", "error"));
    if (src.regionMatches(true, 0, "rtsp", 0, 4)) {
      cmd.addAll(List.of("-rtsp_transport", "tcp"));
    }
    cmd.addAll(List.of("-i", src, "-an", "-vf", "fps=" + fps, "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "3",
        "-"));
    return new Decoder(start(cmd));
  }

  /** ffmpeg encoding JPEGs written to its stdin at {@code fps} into an H.264 MP4 file. */
  static Process encoder(String out, int fps) throws IOException {
    return start(List.of("ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y", "-f", "image2pipe",
        "-framerate", String.valueOf(fps), "-c:v", "mjpeg", "-i", "-", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-movflags", "+faststart", out));
  }

  /**
   * The command in a session of its own ({@code setsid}), where there is one: Ctrl-C on the terminal then stops the
   * Java side, which ends its ffmpegs in order (the decoder stopped, the encoder's input closed so that it finishes
   * the file), instead of reaching them all at once.
   */
  static List<String> detached(List<String> cmd) {
    if (!Files.isExecutable(Path.of(SETSID))) {
      return cmd;
    }
    List<String> out = new ArrayList<>();
    out.add(SETSID);
    out.addAll(cmd);
    return out;
  }

  private static Process start(List<String> cmd) throws IOException {
    if (!onPath(cmd.getFirst())) {
      throw new IOException(MISSING);
    }
    try {
      return new ProcessBuilder(detached(cmd)).start();
    } catch (IOException e) {
      throw new IOException(MISSING + ": " + e.getMessage(), e);
    }
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** The tail of a stream, read on its own thread so that the process never blocks on a full pipe. */
  static final class Tail {
    private final StringBuilder text = new StringBuilder();
    private final Thread reader;

    Tail(InputStream in) {
      reader = Thread.ofVirtual().start(() -> {
        byte[] buf = new byte[4096];
        try (in) {
          for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            synchronized (text) {
              text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
              if (text.length() > ERR_CHARS) {
                text.delete(0, text.length() - ERR_CHARS);
              }
            }
          }
        } catch (IOException e) {
          // the process has gone: what was read is what there is
        }
      });
    }

    String text() throws InterruptedException {
      reader.join(TimeUnit.SECONDS.toMillis(5));
      synchronized (text) {
        return text.toString().trim().replaceAll("\\s+", " ");
      }
    }
  }

  /** A decoding ffmpeg: its frames on {@link #stdout()}, its errors kept. */
  static final class Decoder {
    private final Process process;
    private final Tail errors;
    private String errorText = "";

    Decoder(Process process) {
      this.process = process;
      this.errors = new Tail(process.getErrorStream());
    }

    InputStream stdout() {
      return process.getInputStream();
    }

    /** Ends ffmpeg now (Ctrl-C on a stream): its stdout ends, and what was read so far is kept. */
    void stop() {
      process.destroy();
    }

    /** Waits for ffmpeg to end (or ends it when the caller stopped early); its exit code. */
    int finish(boolean stopEarly) throws IOException {
      try {
        if (stopEarly) {
          process.destroy();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor();
        }
        errorText = errors.text();
        return process.exitValue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new IOException("interrupted while ffmpeg ended", e);
      }
    }

    String errors() {
      return errorText;
    }
  }
}
