package io.lanekeeper.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.synth.SynthCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine bench's table: what it measured and how, never how fast (figures: docs/benchmarks.md). */
class AnprBenchTest {

  @TempDir
  Path dir;

  private record Ran(int code, String out) {
  }

  private static Ran bench(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = AnprBench.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new Ran(code, bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("each setting is timed after its untimed warm-up, and the process's first frames are reported apart")
  void warmsUpBeforeTiming() throws Exception {
    int rc = SynthCommand.run(new String[] {"--out", dir.toString(), "--scenes", "3", "--profiles", "br-mercosur",
        "--clean", "--seed", "3", "--threads", "1"}, new PrintStream(new ByteArrayOutputStream()));
    assertThat(rc).isZero();
    Path md = dir.resolve("bench.md");
    Ran ran = bench("--images", dir.resolve("scenes").toString(), "--frames", "3", "--runs", "4", "--warmup", "5",
        "--md", md.toString());
    assertThat(ran.code()).as(ran.out()).isZero();
    String table = Files.readString(md);
    assertThat(table).contains("3 frames of 1920x1080", "4 runs per setting after 5 untimed", "max heap",
        "MALLOC_ARENA_MAX");
    // the cold start once, from the first setting's warm-up: 5 frames, fewer than the 50 it reports at most
    assertThat(table).containsOnlyOnce("cold start: the first frame after load, whole frame");
    assertThat(table).contains("cold start: the first 5 frames, whole frame p50 / p95",
        "cold start: the first 5 frames, OCR ms per plate");
    assertThat(table).containsPattern("1 worker x 1 intra-op thread, \\w+: OCR ms per plate \\([1-9]\\d* plates, ");
    assertThat(table).contains("peak RSS (VmHWM)", "2 workers x 1 intra-op thread");
  }

  @Test
  @DisplayName("a setting with no timed frame or a negative warm-up is refused with a clear message")
  void refusesBadCounts() {
    Ran noRuns = bench("--images", dir.toString(), "--runs", "0");
    assertThat(noRuns.code()).isEqualTo(2);
    assertThat(noRuns.out()).contains("--runs must be at least 1");
    Ran negative = bench("--images", dir.toString(), "--warmup", "-1");
    assertThat(negative.code()).isEqualTo(2);
    assertThat(negative.out()).contains("--warmup at least 0");
  }
}
