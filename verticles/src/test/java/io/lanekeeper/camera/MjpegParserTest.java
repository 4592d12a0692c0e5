package io.lanekeeper.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MjpegParserTest {

  private static final List<byte[]> FRAMES =
      List.of(TestImages.smallJpeg(0), TestImages.smallJpeg(1), TestImages.smallJpeg(2));

  /** A multipart stream of the three frames, as cameras write it. */
  private static byte[] stream(String delimiter, boolean withLength, String garbage) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] f : FRAMES) {
      write(out, garbage);
      write(out, delimiter + "\r\nContent-Type: image/jpeg\r\n");
      if (withLength) {
        write(out, "Content-Length: " + f.length + "\r\n");
      }
      write(out, "\r\n");
      out.writeBytes(f);
      write(out, "\r\n");
    }
    write(out, delimiter);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static List<byte[]> parse(String boundary, byte[] data, int... cuts) {
    List<byte[]> got = new ArrayList<>();
    MjpegParser parser = new MjpegParser(boundary, MjpegParser.DEFAULT_MAX_PART_BYTES, got::add);
    int from = 0;
    for (int cut : cuts) {
      parser.feed(data, from, cut - from);
      from = cut;
    }
    parser.feed(data, from, data.length - from);
    return got;
  }

  private static void assertFrames(List<byte[]> got, String where) {
    assertThat(got).as(where).hasSize(FRAMES.size());
    for (int i = 0; i < FRAMES.size(); i++) {
      assertThat(Arrays.equals(got.get(i), FRAMES.get(i))).as(where + ", frame " + i + " intact").isTrue();
    }
  }

  @Test
  @DisplayName("Frames with a Content-Length come out whole wherever one cut splits the stream")
  void contentLengthEveryOffset() {
    byte[] data = stream("--frame", true, "");
    for (int cut = 0; cut <= data.length; cut++) {
      assertFrames(parse("frame", data, cut), "cut at " + cut);
    }
  }

  @Test
  @DisplayName("Frames without a Content-Length end at the next boundary wherever one cut splits the stream")
  void boundaryOnlyEveryOffset() {
    byte[] data = stream("--frame", false, "");
    for (int cut = 0; cut <= data.length; cut++) {
      assertFrames(parse("frame", data, cut), "cut at " + cut);
    }
  }

  @Test
  @DisplayName("A stream fed one byte at a time still gives every frame")
  void byteByByte() {
    byte[] data = stream("--frame", false, "");
    int[] cuts = new int[data.length - 1];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = i + 1;
    }
    assertFrames(parse("frame", data, cuts), "byte by byte");
  }

  @Test
  @DisplayName("Garbage between parts is skipped")
  void garbageBetweenParts() {
    String garbage = "\r\nnoise \u00ff\u00d8 half a header: 12\r\n\r\n";
    assertFrames(parse("frame", stream("--frame", true, garbage)), "with Content-Length");
    assertFrames(parse("frame", stream("--frame", false, garbage)), "without Content-Length");
  }

  @Test
  @DisplayName("The boundary matches however many dashes the camera puts before it")
  void boundaryDashes() {
    assertFrames(parse("--myboundary", stream("--myboundary", false, "")), "announced with dashes");
    assertFrames(parse("myboundary", stream("----myboundary", false, "")), "written with extra dashes");
  }

  @Test
  @DisplayName("Without a boundary, frames are found by their JPEG markers wherever one cut splits the stream")
  void markersEveryOffset() {
    byte[] data = stream("--frame", false, "junk\u00ff\u00d8");
    for (int cut = 0; cut <= data.length; cut++) {
      assertFrames(parse(null, data, cut), "cut at " + cut);
    }
  }

  @Test
  @DisplayName("A boundary that never appears in the stream falls back to JPEG markers")
  void wrongBoundaryFallsBack() {
    List<byte[]> got = new ArrayList<>();
    MjpegParser parser = new MjpegParser("announced-but-never-written", 64 * 1024, got::add);
    byte[] data = stream("--other", false, "");
    for (int i = 0; i < 40 && got.size() < 2 * FRAMES.size(); i++) {
      parser.feed(data);
    }

    assertThat(parser.usesBoundary()).isFalse();
    assertThat(got).isNotEmpty()
        .allSatisfy(f -> assertThat(FRAMES.stream().anyMatch(o -> Arrays.equals(f, o))).isTrue());
  }

  @Test
  @DisplayName("A part larger than the limit is dropped and the next one still comes out")
  void oversizedPart() {
    int limit = FRAMES.stream().mapToInt(f -> f.length).max().orElseThrow() + 100;
    byte[] big = new byte[limit + 1000];
    Arrays.fill(big, (byte) 'x');
    big[0] = (byte) 0xFF;
    big[1] = (byte) 0xD8;
    String head = "--frame\r\nContent-Type: image/jpeg\r\n\r\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, head);
    out.writeBytes(big);
    write(out, "\r\n");
    out.writeBytes(stream("--frame", false, ""));

    List<byte[]> got = new ArrayList<>();
    MjpegParser parser = new MjpegParser("frame", limit, got::add);
    byte[] data = out.toByteArray();
    for (int i = 0; i < data.length; i += 1000) {
      parser.feed(data, i, Math.min(1000, data.length - i));
    }

    assertThat(parser.discardedParts()).isGreaterThanOrEqualTo(1);
    assertFrames(got, "after the oversized part");
  }

  @Test
  @DisplayName("The boundary is read from the Content-Type header, quoted or not")
  void boundaryFromHeader() {
    assertThat(MjpegParser.boundaryOf("multipart/x-mixed-replace; boundary=frame")).isEqualTo("frame");
    assertThat(MjpegParser.boundaryOf("multipart/x-mixed-replace;boundary=\"--my b\"")).isEqualTo("--my b");
    assertThat(MjpegParser.boundaryOf("image/jpeg")).isNull();
  }
}
