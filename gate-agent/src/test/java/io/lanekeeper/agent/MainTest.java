package io.lanekeeper.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's entry point: its commands and their mistakes, and the device install staged into a folder. */
class MainTest {

  @TempDir
  Path dir;

  private record Ran(int code, String out) {
  }

  private static Ran dispatch(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = Main.dispatch(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new Ran(code, bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("help lists every command; an unknown command or a missing sub-command is exit code 2")
  void commands() {
    Ran help = dispatch("help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("lanekeeper run", "anpr read", "anpr eval", "anpr synth", "anpr profiles",
        "bench anpr", "bench matcher", "bench gate", "bench startup", "bench outage", "bench dashboards",
        "lanekeeper token");
    assertThat(dispatch("frobnicate").code()).isEqualTo(2);
    assertThat(dispatch("anpr").code()).isEqualTo(2);
    assertThat(dispatch("anpr", "guess").code()).isEqualTo(2);
    assertThat(dispatch("bench").code()).isEqualTo(2);
    assertThat(dispatch("bench", "everything").code()).isEqualTo(2);
  }

  @Test
  @DisplayName("token prints a new secret once and the configuration entry that holds only its SHA-256")
  void token() {
    Ran ran = dispatch("token", "gate camera", "operator");
    assertThat(ran.code()).isZero();
    List<String> lines = ran.out().lines().map(String::strip).toList();
    String token = lines.stream().filter(l -> l.startsWith("lk_")).findFirst().orElseThrow();
    JsonObject entry = new JsonObject(lines.stream().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
    assertThat(entry.getString("name")).isEqualTo("gate camera");
    assertThat(entry.getString("role")).isEqualTo("operator");
    assertThat(entry.getString("sha256")).isEqualTo(io.lanekeeper.config.ApiTokens.sha256Hex(token));
    assertThat(entry.encode()).doesNotContain(token);
    assertThat(dispatch("token", "x", "root").code()).isEqualTo(2);
    assertThat(dispatch("token", "bad/name", "viewer").code()).isEqualTo(2);
    assertThat(dispatch("token", "only-a-name").code()).isEqualTo(2);
  }

  @Test
  @DisplayName("install.sh stages the jar, the configuration, the environment and the unit; a second run keeps the "
      + "configuration an installer edited")
  void installStaging() throws Exception {
    Path jar = Files.writeString(dir.resolve("lanekeeper.jar"), "not really a jar");
    Path root = dir.resolve("root");
    Path script = Path.of("install.sh").toAbsolutePath();
    assertThat(script).as("run from gate-agent/").exists();
    assertThat(install(script, jar, root)).isZero();
    assertThat(root.resolve("opt/lanekeeper/lanekeeper.jar")).hasContent("not really a jar");
    Path config = root.resolve("etc/lanekeeper/lanekeeper.json");
    assertThat(new JsonObject(Files.readString(config)).getJsonArray("lanes")).isNotEmpty();
    assertThat(root.resolve("etc/systemd/system/lanekeeper.service")).content().contains("MALLOC_ARENA_MAX=2")
        .contains("WatchdogSec");
    assertThat(Files.getPosixFilePermissions(root.resolve("etc/lanekeeper/lanekeeper.env")).toString())
        .doesNotContain("OTHERS");
    Files.writeString(config, "{\"lanes\": [], \"edited\": true}");
    assertThat(install(script, jar, root)).isZero();
    assertThat(config).hasContent("{\"lanes\": [], \"edited\": true}");
    assertThat(install(script, dir.resolve("missing.jar"), root)).isEqualTo(2);
  }

  @Test
  @DisplayName("run --demo DIR points each folder camera at its set under DIR, wherever the demo made its frames")
  void demoFolder() throws Exception {
    JsonObject conf = new JsonObject().put("lanes", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("id", "a").put("camera", new JsonObject().put("type", "folder")
            .put("path", "data/demo/frames/eu/scenes")))
        .add(new JsonObject().put("id", "b").put("camera", new JsonObject().put("type", "push")))
        .add(new JsonObject().put("id", "c").put("camera", new JsonObject().put("type", "folder").put("path", "x"))));
    JsonObject out = RunCommand.replaying(conf, Path.of("/tmp/demo/frames"));
    assertThat(out.getJsonArray("lanes").getJsonObject(0).getJsonObject("camera").getString("path"))
        .isEqualTo("/tmp/demo/frames/eu/scenes");
    assertThat(out.getJsonArray("lanes").getJsonObject(1).getJsonObject("camera").containsKey("path")).isFalse();
    assertThat(out.getJsonArray("lanes").getJsonObject(2).getJsonObject("camera").getString("path"))
        .isEqualTo("/tmp/demo/frames/scenes");
    assertThat(conf.getJsonArray("lanes").getJsonObject(0).getJsonObject("camera").getString("path"))
        .isEqualTo("data/demo/frames/eu/scenes");
    // the plates of every region's set are the demo's to register
    Path frames = dir.resolve("demo-frames");
    for (String set : List.of("br", "eu")) {
      Files.createDirectories(frames.resolve(set).resolve("scenes"));
      Files.writeString(frames.resolve(set).resolve("scenes/scene-0.txt"),
          "scene-0.jpg\t1\t2\t3\t4\t" + (set.equals("br") ? "ABC1D23" : "MAB1234") + "\n");
    }
    assertThat(DemoSetup.platesIn(frames)).containsExactly("ABC1D23", "MAB1234");
  }

  private static int install(Path script, Path jar, Path root) throws Exception {
    Process p = new ProcessBuilder("bash", script.toString(), "--jar", jar.toString(), "--root", root.toString(),
        "--config", "jetson").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }
}
