package io.lanekeeper.camera;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Cuts an MJPEG ({@code multipart/x-mixed-replace}) byte stream into JPEG frames, whatever the
 * chunking. Parts are delimited by the boundary from the Content-Type header; a part's
 * Content-Length is used when present, otherwise the part ends at the next boundary. Without a
 * boundary, or when the announced one never shows up in the stream (some cameras announce
 * {@code --foo} and write {@code foo}, or the reverse; a few announce a boundary they never
 * write), frames are found by walking the JPEG markers from SOI to EOI instead, which is
 * immune to embedded EXIF thumbnails.
 *
 * <p>Every state keeps a bounded amount of data, so a broken or hostile stream costs at most
 * about {@code maxPartBytes} of memory. Not thread-safe; feed it from one thread.
 */
public final class MjpegParser {

  public static final int DEFAULT_MAX_PART_BYTES = 20 << 20;
  private static final int MAX_HEADER_BYTES = 16 * 1024;
  /** Stream data seen without any boundary after which the parser falls back to JPEG markers. */
  private static final int BOUNDARY_GIVE_UP_BYTES = 1 << 20;

  private enum State { SEEK_BOUNDARY, HEADERS, BODY, SEEK_SOI, JPEG }

  private final int maxPartBytes;
  private final Consumer<byte[]> onFrame;
  private byte[] delimiter;
  private State state;

  private byte[] buf = new byte[64 * 1024];
  private int start;
  private int end;

  private int contentLength;
  private int headerBytes;
  private int scanFrom;
  private int jpegPos;
  private boolean inEntropyData;
  private boolean boundarySeen;
  private long bytesWithoutBoundary;

  private long frames;
  private long discardedParts;

  /**
   * @param boundary the {@code boundary} parameter of the Content-Type, or null to find frames by
   *     JPEG markers alone
   */
  public MjpegParser(String boundary, int maxPartBytes, Consumer<byte[]> onFrame) {
    this.maxPartBytes = maxPartBytes;
    this.onFrame = onFrame;
    String core = boundary == null ? "" : stripDashes(boundary.trim());
    if (core.isEmpty()) {
      state = State.SEEK_SOI;
    } else {
      // the delimiter is searched without its leading dashes: cameras disagree on how many they write
      delimiter = core.getBytes(StandardCharsets.ISO_8859_1);
      state = State.SEEK_BOUNDARY;
    }
  }

  /** The {@code boundary} parameter of a Content-Type header value, or null. */
  public static String boundaryOf(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String param : contentType.split(";")) {
      String p = param.trim();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
        String v = p.substring(eq + 1).trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1);
        }
        return v.isEmpty() ? null : v;
      }
    }
    return null;
  }

  public void feed(byte[] chunk) {
    feed(chunk, 0, chunk.length);
  }

  public void feed(byte[] chunk, int off, int len) {
    append(chunk, off, len);
    boolean progress = true;
    while (progress) {
      progress = switch (state) {
        case SEEK_BOUNDARY -> seekBoundary();
        case HEADERS -> headers();
        case BODY -> body();
        case SEEK_SOI -> seekSoi();
        case JPEG -> jpeg();
      };
    }
  }

  /** Frames handed out so far. */
  public long frames() {
    return frames;
  }

  /** Parts thrown away: not a JPEG, too large or cut short. */
  public long discardedParts() {
    return discardedParts;
  }

  /** Whether the parser finds frames by boundary (rather than by JPEG markers). */
  public boolean usesBoundary() {
    return state == State.SEEK_BOUNDARY || state == State.HEADERS || state == State.BODY;
  }

  private boolean seekBoundary() {
    int idx = indexOf(delimiter, start, end);
    if (idx < 0) {
      int keep = Math.min(end - start, delimiter.length - 1);
      bytesWithoutBoundary += end - start - keep;
      start = end - keep;
      if (!boundarySeen && bytesWithoutBoundary > Math.min(maxPartBytes, BOUNDARY_GIVE_UP_BYTES)) {
        state = State.SEEK_SOI;
        return true;
      }
      return false;
    }
    int nl = indexOf(new byte[] {'\n'}, idx + delimiter.length, end);
    if (nl < 0) {
      if (end - idx > MAX_HEADER_BYTES) {
        start = idx + delimiter.length;
        return true;
      }
      return false;
    }
    boundarySeen = true;
    bytesWithoutBoundary = 0;
    start = nl + 1;
    contentLength = -1;
    headerBytes = 0;
    state = State.HEADERS;
    return true;
  }

  private boolean headers() {
    if (end - start >= 2 && buf[start] == (byte) 0xFF && buf[start + 1] == (byte) 0xD8) {
      // a part without headers: the JPEG follows the boundary line directly
      startBody();
      return true;
    }
    int nl = indexOf(new byte[] {'\n'}, start, end);
    if (nl < 0) {
      if (headerBytes + end - start > MAX_HEADER_BYTES) {
        state = State.SEEK_BOUNDARY;
        return true;
      }
      return false;
    }
    String line = new String(buf, start, nl - start, StandardCharsets.ISO_8859_1).trim();
    headerBytes += nl + 1 - start;
    start = nl + 1;
    if (headerBytes > MAX_HEADER_BYTES) {
      state = State.SEEK_BOUNDARY;
    } else if (line.isEmpty()) {
      startBody();
    } else if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
      contentLength = parseLength(line.substring("content-length:".length()).trim());
    }
    return true;
  }

  private void startBody() {
    scanFrom = start;
    state = State.BODY;
  }

  private boolean body() {
    if (contentLength > maxPartBytes) {
      discardedParts++;
      state = State.SEEK_BOUNDARY;
      return true;
    }
    if (contentLength >= 0) {
      if (end - start < contentLength) {
        return false;
      }
      emit(start, start + contentLength);
      start += contentLength;
      state = State.SEEK_BOUNDARY;
      return true;
    }
    int idx = indexOf(delimiter, scanFrom, end);
    if (idx < 0) {
      scanFrom = Math.max(start, end - delimiter.length + 1);
      if (end - start > maxPartBytes + delimiter.length) {
        discardedParts++;
        start = scanFrom;
        state = State.SEEK_BOUNDARY;
      }
      return false;
    }
    emit(start, endOfJpeg(start, trimDelimiterPrefix(start, idx)));
    start = idx;
    state = State.SEEK_BOUNDARY;
    return true;
  }

  /** Where the body ends before a delimiter at {@code idx}: without its dashes and the line break before them. */
  private int trimDelimiterPrefix(int from, int idx) {
    int e = idx;
    while (e > from && buf[e - 1] == '-') {
      e--;
    }
    if (e > from && buf[e - 1] == '\n') {
      e--;
    }
    if (e > from && buf[e - 1] == '\r') {
      e--;
    }
    return e;
  }

  /** Just after the last EOI marker, so that bytes a camera leaves before the next boundary are not kept. */
  private int endOfJpeg(int from, int to) {
    for (int i = to - 2; i >= from + 2; i--) {
      if (buf[i] == (byte) 0xFF && buf[i + 1] == (byte) 0xD9) {
        return i + 2;
      }
    }
    return to;
  }

  private boolean seekSoi() {
    for (int i = start; i + 2 < end; i++) {
      if (buf[i] == (byte) 0xFF && buf[i + 1] == (byte) 0xD8 && buf[i + 2] == (byte) 0xFF) {
        start = i;
        jpegPos = i + 2;
        inEntropyData = false;
        state = State.JPEG;
        return true;
      }
    }
    start = Math.max(start, end - 2);
    return false;
  }

  /** Walks the JPEG segments from where it stopped last time, up to the EOI marker. */
  private boolean jpeg() {
    while (true) {
      if (jpegPos - start > maxPartBytes) {
        return abandonJpeg();
      }
      if (inEntropyData) {
        int p = jpegPos;
        while (p + 1 < end && !(buf[p] == (byte) 0xFF && isMarkerAfterScan(buf[p + 1] & 0xff))) {
          p++;
        }
        jpegPos = p;
        if (p + 1 >= end) {
          return false;
        }
        inEntropyData = false;
      }
      if (jpegPos + 2 > end) {
        return false;
      }
      if (buf[jpegPos] != (byte) 0xFF) {
        return abandonJpeg();
      }
      int marker = buf[jpegPos + 1] & 0xff;
      if (marker == 0xFF) {
        jpegPos++;
      } else if (marker == 0xD9) {
        emit(start, jpegPos + 2);
        start = jpegPos + 2;
        state = State.SEEK_SOI;
        return true;
      } else if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        jpegPos += 2;
      } else if (marker == 0xD8 || marker == 0x00) {
        return abandonJpeg();
      } else {
        if (jpegPos + 4 > end) {
          return false;
        }
        int len = ((buf[jpegPos + 2] & 0xff) << 8) | (buf[jpegPos + 3] & 0xff);
        if (len < 2) {
          return abandonJpeg();
        }
        jpegPos += 2 + len;
        inEntropyData = marker == 0xDA;
      }
    }
  }

  /** Inside entropy-coded data, FF 00 is a stuffed byte and FF D0..D7 a restart; anything else ends the scan. */
  private static boolean isMarkerAfterScan(int b) {
    return b != 0x00 && b != 0xFF && !(b >= 0xD0 && b <= 0xD7);
  }

  private boolean abandonJpeg() {
    discardedParts++;
    start = Math.min(start + 2, end);
    state = State.SEEK_SOI;
    return true;
  }

  private void emit(int from, int to) {
    if (to - from >= 4 && buf[from] == (byte) 0xFF && buf[from + 1] == (byte) 0xD8) {
      frames++;
      onFrame.accept(Arrays.copyOfRange(buf, from, to));
    } else {
      discardedParts++;
    }
  }

  private void append(byte[] chunk, int off, int len) {
    if (end + len > buf.length) {
      int live = end - start;
      if (live + len <= buf.length / 2) {
        System.arraycopy(buf, start, buf, 0, live);
      } else {
        byte[] bigger = new byte[Math.max(buf.length * 2, live + len)];
        System.arraycopy(buf, start, bigger, 0, live);
        buf = bigger;
      }
      scanFrom -= start;
      jpegPos -= start;
      start = 0;
      end = live;
    }
    System.arraycopy(chunk, off, buf, end, len);
    end += len;
  }

  private int indexOf(byte[] needle, int from, int to) {
    outer:
    for (int i = Math.max(from, 0); i + needle.length <= to; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (buf[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static int parseLength(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String stripDashes(String b) {
    int i = 0;
    while (i < b.length() && b.charAt(i) == '-') {
      i++;
    }
    return b.substring(i);
  }
}
