package io.lanekeeper.agent.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.synth.SynthCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** Scenes the generator draws for the engine's tests, read back as a dev set. */
final class GeneratedScenes {

  private GeneratedScenes() {
  }

  /** 24 scenes of every profile drawn with {@code seed} into {@code dir}, emptied first, read as a dev set. */
  static List<DevSet.Sample> draw(Path dir, int seed) throws IOException {
    synth(dir, "--scenes", "24", "--clean", "--seed", String.valueOf(seed));
    return DevSet.load(dir.resolve("scenes"));
  }

  /** {@code anpr synth --out dir} with these options on one thread, quietly; it must succeed. */
  static void synth(Path dir, String... options) {
    List<String> args = new java.util.ArrayList<>(List.of("--out", dir.toString()));
    args.addAll(List.of(options));
    args.addAll(List.of("--threads", "1"));
    int rc = SynthCommand.run(args.toArray(new String[0]), new PrintStream(new ByteArrayOutputStream()));
    assertThat(rc).as("anpr synth exit status").isZero();
  }
}
