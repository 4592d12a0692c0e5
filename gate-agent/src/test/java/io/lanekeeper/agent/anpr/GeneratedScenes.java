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
    int rc = SynthCommand.run(new String[] {"--out", dir.toString(), "--scenes", "24", "--clean", "--seed",
        String.valueOf(seed), "--threads", "1"}, new PrintStream(new ByteArrayOutputStream()));
    assertThat(rc).as("anpr synth exit status").isZero();
    return DevSet.load(dir.resolve("scenes"));
  }
}
