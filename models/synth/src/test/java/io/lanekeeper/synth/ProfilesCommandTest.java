package io.lanekeeper.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateProfiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesCommandTest {

  @TempDir
  Path tmp;

  private static String run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int rc = ProfilesCommand.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return rc + " " + bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("Every profile is listed with its country, regions, name, rows and vanity")
  void lists() {
    String out = run();
    assertThat(out).startsWith("0 ");
    PlateProfiles all = PlateProfiles.builtIn();
    for (PlateProfile p : all.all()) {
      assertThat(out).contains(ProfilesCommand.line(all, p));
    }
    String de = ProfilesCommand.line(all, all.get("de"));
    assertThat(de).startsWith("de ").contains(" DE ", "EU,EEA,EUROPE", "{city}~LL? DD?D?D?");
    assertThat(ProfilesCommand.line(all, all.get("us-ca"))).contains("NA,AMERICAS");
    assertThat(run("--frobnicate")).startsWith("2 ").contains("--frobnicate", "usage");
    assertThat(run("--doc")).startsWith("2 ").contains("--doc: missing value");
  }

  @Test
  @DisplayName("--doc draws one sample per profile, the same bytes every time, writes a table row per profile in its "
      + "region group, and removes samples of profiles that are gone")
  void documents() throws IOException {
    Path doc = tmp.resolve("docs");
    Files.createDirectories(doc.resolve("plates"));
    Files.writeString(doc.resolve("plates/gone.png"), "a profile that no longer exists");
    Files.writeString(doc.resolve("plates/notes.txt"), "not a sample: kept");
    assertThat(run("--doc", doc.toString())).startsWith("0 ");
    PlateProfiles all = PlateProfiles.builtIn();
    List<Path> pngs = list(doc.resolve("plates"), ".png");
    assertThat(pngs).hasSize(all.all().size());
    assertThat(doc.resolve("plates/gone.png")).doesNotExist();
    assertThat(doc.resolve("plates/notes.txt")).exists();
    String md = Files.readString(doc.resolve("plates.md"));
    assertThat(md).contains("scripts/anpr profiles --doc docs", "## Pattern syntax", "## Regions",
        "| EU | ", "## Europe", "## North America", "## Latin America", "## Asia");
    for (PlateProfile p : all.all()) {
      BufferedImage img = ImageIO.read(doc.resolve("plates/" + p.id() + ".png").toFile());
      assertThat(img.getWidth()).isEqualTo(ProfilesCommand.SAMPLE_WIDTH);
      assertThat(md).containsOnlyOnce("| ![" + p.id() + "](plates/" + p.id() + ".png) | `" + p.id() + "` | "
          + p.country() + " | ");
    }
    assertThat(ProfilesCommand.group(all, all.get("de"))).isEqualTo("Europe");
    assertThat(ProfilesCommand.group(all, all.get("br-old"))).isEqualTo("Latin America");
    assertThat(ProfilesCommand.group(all, all.get("lk-moto"))).isEqualTo("Asia");
    assertThat(md.indexOf("`hr`")).isBetween(md.indexOf("## Europe"), md.indexOf("## North America"));

    Path again = tmp.resolve("again");
    assertThat(run("--doc", again.toString())).startsWith("0 ");
    assertThat(Files.readString(again.resolve("plates.md"))).isEqualTo(md);
    for (Path f : pngs) {
      assertThat(Files.readAllBytes(again.resolve("plates").resolve(f.getFileName()))).as(f.toString())
          .isEqualTo(Files.readAllBytes(f));
    }
  }

  private static List<Path> list(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }
}
