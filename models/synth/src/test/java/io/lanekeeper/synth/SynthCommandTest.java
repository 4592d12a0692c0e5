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

class SynthCommandTest {

  @TempDir
  Path tmp;

  private int run(String... args) {
    return SynthCommand.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  private String output(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int rc = SynthCommand.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return rc + " " + bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("The same seed gives byte-identical crops and scenes, whatever the thread count")
  void sameSeedSameOutput() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    assertThat(run("--out", a.toString(), "--crops", "40", "--scenes", "2", "--seed", "42", "--threads", "1")).isZero();
    assertThat(run("--out", b.toString(), "--crops", "40", "--scenes", "2", "--seed", "42", "--threads", "2")).isZero();
    List<Path> files = list(a);
    assertThat(files).hasSize(40 + 1 + 2 * 2 + 1);   // crops, labels.csv, scenes and labels, profiles.csv
    for (Path f : files) {
      assertThat(Files.readAllBytes(b.resolve(a.relativize(f)))).as(f.toString()).isEqualTo(Files.readAllBytes(f));
    }
    Path c = tmp.resolve("c");
    assertThat(run("--out", c.toString(), "--crops", "40", "--seed", "43")).isZero();
    assertThat(Files.readString(c.resolve("crops/labels.csv")))
        .isNotEqualTo(Files.readString(a.resolve("crops/labels.csv")));
  }

  @Test
  @DisplayName("labels.csv lists every crop file once, with a plate of its profile")
  void labelsMatchFiles() throws IOException {
    assertThat(run("--out", tmp.toString(), "--crops", "80", "--profiles", "BR,lk-moto", "--weights", "br-old=2"))
        .isZero();
    List<String> lines = Files.readAllLines(tmp.resolve("crops/labels.csv"));
    assertThat(lines.get(0)).isEqualTo("file,plate,profile,rows,printed");
    assertThat(lines).hasSize(81);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      assertThat(f).hasSize(5);
      assertThat(tmp.resolve("crops").resolve(f[0])).isRegularFile();
      assertThat(f[2]).isIn("br-old", "br-mercosur", "br-moto", "lk-moto");
      assertThat(f[1]).hasSize(PlateProfiles.builtIn().get(f[2]).length()).matches("[A-Z0-9]+");
      // rows: the plate's characters row by row; two rows only on the motorcycle plates
      assertThat(f[3].replace("|", "")).isEqualTo(f[1]);
      assertThat(f[3].contains("|")).isEqualTo(f[2].endsWith("-moto"));
      assertThat(f[4]).as("printed: Latin profiles print what is read").isEqualTo(f[3]);
      BufferedImage img = ImageIO.read(tmp.resolve("crops").resolve(f[0]).toFile());
      assertThat(img.getWidth()).isGreaterThan(img.getHeight() / 2);
    }
    try (Stream<Path> s = Files.list(tmp.resolve("crops"))) {
      assertThat(s.filter(p -> p.toString().endsWith(".jpg")).count()).isEqualTo(80);
    }
  }

  @Test
  @DisplayName("Scene labels are dev-set lines whose boxes lie inside their image;"
      + " VOC boxes of backgrounds stay as '?'")
  void scenesInDevSetFormat() throws IOException {
    Path bg = vocBackground("<name>license-plate</name><bndbox><xmin>100.5</xmin><ymin>200</ymin><xmax>180.2</xmax>"
        + "<ymax>225</ymax></bndbox>");
    Path out = tmp.resolve("out");
    assertThat(run("--out", out.toString(), "--scenes", "6", "--backgrounds", bg.toString(), "--seed", "5")).isZero();
    int unknown = 0;
    try (Stream<Path> s = Files.list(out.resolve("scenes"))) {
      for (Path txt : s.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
        String image = txt.getFileName().toString().replace(".txt", ".jpg");
        BufferedImage img = ImageIO.read(out.resolve("scenes").resolve(image).toFile());
        List<String> lines = Files.readAllLines(txt);
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
          String[] f = line.split("\t");
          assertThat(f).hasSize(6);
          assertThat(f[0]).isEqualTo(image);
          int x = Integer.parseInt(f[1]);
          int y = Integer.parseInt(f[2]);
          int w = Integer.parseInt(f[3]);
          int h = Integer.parseInt(f[4]);
          assertThat(x).isNotNegative();
          assertThat(y).isNotNegative();
          assertThat(w).isPositive();
          assertThat(h).isPositive();
          assertThat(x + w).isLessThanOrEqualTo(img.getWidth());
          assertThat(y + h).isLessThanOrEqualTo(img.getHeight());
          assertThat(f[5]).matches("[A-Z0-9]+|\\?");
          if (f[5].equals("?")) {
            unknown++;
          }
        }
      }
    }
    assertThat(unknown).as("scenes drawn on the folder image keep its VOC box").isPositive();
  }

  @Test
  @DisplayName("profiles.csv names the profile of every plate drawn in a scene, in its label order; none of the"
      + " background's own plates")
  void scenesNameTheirProfiles() throws IOException {
    Path bg = vocBackground("<name>license-plate</name><bndbox><xmin>100</xmin><ymin>200</ymin><xmax>180</xmax>"
        + "<ymax>225</ymax></bndbox>");
    Path out = tmp.resolve("out");
    assertThat(run("--out", out.toString(), "--scenes", "10", "--profiles", "br-mercosur,ae-az,de", "--seed", "9",
        "--threads", "2", "--backgrounds", bg.toString())).isZero();
    Path scenes = out.resolve("scenes");
    List<String> rows = Files.readAllLines(scenes.resolve(SynthCommand.PROFILES_CSV));
    assertThat(rows.getFirst()).isEqualTo("file,x,y,w,h,plate,profile");
    List<String> expected = new java.util.ArrayList<>();
    int background = 0;
    for (Path txt : list(scenes).stream().filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
      for (String line : Files.readAllLines(txt)) {
        if (line.endsWith("\t?")) {
          background++;
        } else {
          expected.add(line.replace('\t', ','));
        }
      }
    }
    assertThat(background).as("the background's own plates, labelled ? and not in profiles.csv").isPositive();
    assertThat(expected).isNotEmpty();
    assertThat(rows.subList(1, rows.size())).hasSameSizeAs(expected);
    java.util.Set<String> seen = new java.util.TreeSet<>();
    for (int i = 0; i < expected.size(); i++) {
      String row = rows.get(1 + i);
      String profile = row.substring(row.lastIndexOf(',') + 1);
      assertThat(row).isEqualTo(expected.get(i) + "," + profile);
      PlateProfile p = PlateProfiles.builtIn().get(profile);
      assertThat(p).as(profile).isNotNull();
      String plate = expected.get(i).substring(expected.get(i).lastIndexOf(',') + 1);
      assertThat(p.printed(plate)).as(plate + " is a plate of " + profile).isNotNull();
      seen.add(p.country());
    }
    assertThat(seen).as("the countries drawn").isSubsetOf("BR", "AE", "DE").hasSizeGreaterThan(1);
  }

  @Test
  @DisplayName("--frame WxH gives every scene that size, folder backgrounds cut to it with their VOC boxes")
  void frameSize() throws IOException {
    Path bg = vocBackground("<bndbox><xmin>300</xmin><ymin>200</ymin><xmax>380</xmax><ymax>225</ymax></bndbox>");
    Path out = tmp.resolve("out");
    assertThat(run("--out", out.toString(), "--scenes", "8", "--backgrounds", bg.toString(), "--frame", "800x600",
        "--seed", "3")).isZero();
    int unknown = 0;
    for (Path jpg : list(out.resolve("scenes")).stream().filter(p -> p.toString().endsWith(".jpg")).toList()) {
      BufferedImage img = ImageIO.read(jpg.toFile());
      assertThat(img.getWidth()).as(jpg.toString()).isEqualTo(800);
      assertThat(img.getHeight()).as(jpg.toString()).isEqualTo(600);
      for (String line : Files.readAllLines(Path.of(jpg.toString().replace(".jpg", ".txt")))) {
        String[] f = line.split("\t");
        if (f[5].equals("?")) {
          unknown++;
          // 640x360 covers 800x600 at 600/360: the 80 x 25 px plate becomes 134 x 42 px
          assertThat(Integer.parseInt(f[3])).isBetween(132, 136);
          assertThat(Integer.parseInt(f[4])).isBetween(41, 44);
          assertThat(Integer.parseInt(f[2])).isBetween(332, 335);
        }
        assertThat(Integer.parseInt(f[1]) + Integer.parseInt(f[3])).isLessThanOrEqualTo(800);
        assertThat(Integer.parseInt(f[2]) + Integer.parseInt(f[4])).isLessThanOrEqualTo(600);
      }
    }
    assertThat(unknown).as("the folder image's plate, moved with the cut").isPositive();
  }

  @Test
  @DisplayName("--small 1 draws every synthetic scene plate 60 to 120 px wide; --small 0 is the default, byte for byte")
  void smallPlates() throws IOException {
    Path out = tmp.resolve("small");
    assertThat(run("--out", out.toString(), "--scenes", "12", "--small", "1", "--clean", "--seed", "4")).isZero();
    int plates = 0;
    for (Path txt : list(out.resolve("scenes")).stream().filter(p -> p.toString().endsWith(".txt")).toList()) {
      for (String line : Files.readAllLines(txt)) {
        String[] f = line.split("\t");
        assertThat(Integer.parseInt(f[3])).as(line).isBetween(60, 122);
        plates++;
      }
    }
    assertThat(plates).isGreaterThanOrEqualTo(12);
    assertDefault(List.of("--scenes", "3", "--seed", "8"), "--small", "0");
  }

  @Test
  @DisplayName("--crop-width 48:60 draws every crop's plate that narrow; 70:280 is the default, byte for byte")
  void cropWidth() throws IOException {
    Path far = tmp.resolve("far");
    assertThat(run("--out", far.toString(), "--crops", "40", "--crop-width", "48:60", "--seed", "5")).isZero();
    Path near = tmp.resolve("near");
    assertThat(run("--out", near.toString(), "--crops", "40", "--crop-width", "200:240", "--seed", "5")).isZero();
    // the crop is the plate's box (perspective and a margin of up to 15% a side) with 2 px of padding at most
    for (int i = 0; i < 40; i++) {
      String file = String.format("crops/%07d.jpg", i);
      assertThat(ImageIO.read(far.resolve(file).toFile()).getWidth()).as(file).isBetween(30, 90);
      assertThat(ImageIO.read(near.resolve(file).toFile()).getWidth()).as(file).isBetween(150, 330);
    }
    assertDefault(List.of("--crops", "12", "--seed", "8"), "--crop-width", "70:280");
  }

  @Test
  @DisplayName("--corner-radius 1 draws the constructed typefaces with other corners; 0 is the default, byte for byte")
  void cornerRadius() throws IOException {
    // Brazil's grey plates: most of their draws are in the constructed gothic
    assertThat(drawnOtherwise("br-old", 5, 20, "--corner-radius")).as("crops drawn otherwise").isPositive();
    assertDefault(List.of("--crops", "12", "--seed", "8"), "--corner-radius", "0");
    assertCropsOnly("--corner-radius", "1.5");
  }

  @Test
  @DisplayName("--alt-glyphs 1 changes only crops with an I, 1 or M (some of them); 0 is the default, byte for byte")
  void altGlyphs() throws IOException {
    // Argentina's black plates: often set in the constructed FE family
    assertThat(drawnOtherwise("ar-old", 9, 60, "--alt-glyphs")).as("crops drawn otherwise").isPositive();
    // the forms come from a stream of their own: a crop without those characters is the same to the byte
    List<String> plates = Files.readAllLines(tmp.resolve("ar-old-plain/crops/labels.csv")).stream().skip(1)
        .map(l -> l.split(",")[1]).toList();
    int alike = 0;
    for (int i = 0; i < plates.size(); i++) {
      if (plates.get(i).chars().noneMatch(c -> c == 'I' || c == '1' || c == 'M')) {
        String file = String.format("crops/%07d.jpg", i);
        assertThat(Files.readAllBytes(tmp.resolve("ar-old-other").resolve(file))).as(plates.get(i))
            .isEqualTo(Files.readAllBytes(tmp.resolve("ar-old-plain").resolve(file)));
        alike++;
      }
    }
    assertThat(alike).as("crops without I, 1 or M").isPositive();
    assertDefault(List.of("--crops", "12", "--seed", "8"), "--alt-glyphs", "0");
    assertCropsOnly("--alt-glyphs", "-1");
  }

  /** How many of {@code n} crops of a profile {@code option 1} draws otherwise; the plates' texts are the same. */
  private int drawnOtherwise(String profile, int seed, int n, String option) throws IOException {
    Path plain = tmp.resolve(profile + "-plain");
    Path other = tmp.resolve(profile + "-other");
    String[] common = {"--crops", String.valueOf(n), "--profiles", profile, "--seed", String.valueOf(seed)};
    assertThat(run(concat(new String[] {"--out", plain.toString()}, common))).isZero();
    assertThat(run(concat(new String[] {"--out", other.toString(), option, "1"}, common))).isZero();
    assertThat(Files.readString(other.resolve("crops/labels.csv"))).as("the same plates")
        .isEqualTo(Files.readString(plain.resolve("crops/labels.csv")));
    int differ = 0;
    for (int i = 0; i < n; i++) {
      String file = String.format("crops/%07d.jpg", i);
      differ += java.util.Arrays.equals(Files.readAllBytes(plain.resolve(file)),
          Files.readAllBytes(other.resolve(file))) ? 0 : 1;
    }
    return differ;
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A share option of crops is refused for scenes, and out of 0 to 1. */
  private void assertCropsOnly(String option, String bad) {
    assertThat(output("--out", tmp.toString(), "--scenes", "2", option, "0.5")).startsWith("2 ")
        .contains(option + ": applies to crops");
    assertThat(output("--out", tmp.toString(), "--crops", "2", option, bad)).startsWith("2 ").contains(option);
  }

  @Test
  @DisplayName("--lengths issued is the default, byte for byte; --lengths even draws short numbers as often as long")
  void lengths() throws IOException {
    // Indonesia's B 1234 ABC: one to four digits, one to three letters; as issued nine plates in ten have four digits
    assertDefault(List.of("--crops", "12", "--seed", "8", "--profiles", "id,de"), "--lengths", "issued");
    Path issued = tmp.resolve("issued");
    Path even = tmp.resolve("even");
    String[] common = {"--crops", "40", "--profiles", "id", "--seed", "3"};
    assertThat(run(concat(new String[] {"--out", issued.toString()}, common))).isZero();
    assertThat(run(concat(new String[] {"--out", even.toString(), "--lengths", "even"}, common))).isZero();
    assertThat(shortNumbers(issued)).as("plates of fewer than four digits, as issued (about 4 of 40)").isLessThan(12);
    assertThat(shortNumbers(even)).as("plates of fewer than four digits, evenly (about 30 of 40)").isGreaterThan(18);
    assertThat(output("--out", tmp.toString(), "--crops", "2", "--lengths", "short")).startsWith("2 ")
        .contains("--lengths: issued or even, got 'short'");
  }

  /** How many of a crop set's plates hold fewer than four digits. */
  private static long shortNumbers(Path set) throws IOException {
    return Files.readAllLines(set.resolve("crops/labels.csv")).stream().skip(1).map(l -> l.split(",")[1])
        .filter(t -> t.chars().filter(Character::isDigit).count() < 4).count();
  }

  @Test
  @DisplayName("--badges 1 letters every scene car, never as a label; --badges 0 is the default, byte for byte")
  void badges() throws IOException {
    Path plain = tmp.resolve("plain");
    Path lettered = tmp.resolve("lettered");
    assertThat(run("--out", plain.toString(), "--scenes", "6", "--seed", "5", "--clean")).isZero();
    assertThat(run("--out", lettered.toString(), "--scenes", "6", "--seed", "5", "--clean", "--badges", "1"))
        .isZero();
    for (int i = 0; i < 6; i++) {
      String scene = String.format("scenes/scene-%06d", i);
      assertThat(Files.readAllBytes(lettered.resolve(scene + ".jpg"))).as(scene)
          .isNotEqualTo(Files.readAllBytes(plain.resolve(scene + ".jpg")));
      // the same plates in the same places as without lettering: it is drawn, never labelled, and moves nothing
      assertThat(Files.readAllLines(lettered.resolve(scene + ".txt"))).as(scene)
          .isEqualTo(Files.readAllLines(plain.resolve(scene + ".txt")));
    }
    assertDefault(List.of("--scenes", "3", "--seed", "8"), "--badges", "0");
    assertThat(output("--out", tmp.toString(), "--crops", "2", "--badges", "0.5")).startsWith("2 ")
        .contains("--badges: applies to scenes");
    assertThat(output("--out", tmp.toString(), "--scenes", "2", "--badges", "2")).startsWith("2 ")
        .contains("--badges");
  }

  @Test
  @DisplayName("--profiles takes regions (EU, LATAM, EUROPE), countries and ids, as PlateProfiles.select does")
  void regionSelection() throws IOException {
    PlateProfiles all = PlateProfiles.builtIn();
    for (String selection : List.of("EU", "latam", "EUROPE,US", "NA")) {
      Path out = tmp.resolve(selection.replace(',', '-'));
      assertThat(run("--out", out.toString(), "--crops", "40", "--profiles", selection, "--seed", "2")).as(selection)
          .isZero();
      List<String> allowed = all.select(List.of(selection.split(","))).stream()
          .map(io.lanekeeper.plates.PlateProfile::id).toList();
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (String line : Files.readAllLines(out.resolve("crops/labels.csv")).subList(1, 41)) {
        String id = line.split(",")[2];
        assertThat(id).as(selection).isIn(allowed);
        seen.add(id);
      }
      assertThat(seen).as(selection + ": more than one of its profiles drawn").hasSizeGreaterThan(1);
    }
    assertThat(all.select(List.of("EU"))).extracting(io.lanekeeper.plates.PlateProfile::country)
        .contains("DE", "HR", "RO").doesNotContain("US", "BR", "LK");
    assertThat(output("--out", tmp.toString(), "--crops", "5", "--profiles", "MARS")).startsWith("2 ")
        .contains("'MARS'").contains("EU", "LATAM").contains("--profiles");
  }

  @Test
  @DisplayName("Bad options fail with exit code 2 and name the option")
  void badOptions() {
    assertThat(output("--crops", "5")).startsWith("2 ").contains("--out");
    assertThat(output("--out", tmp.toString(), "--crops", "x")).startsWith("2 ").contains("--crops");
    assertThat(output("--out", tmp.toString(), "--crops", "5", "--profiles", "xx")).startsWith("2 ").contains("xx");
    assertThat(output("--out", tmp.toString(), "--crops", "5", "--weights", "br-old"))
        .startsWith("2 ").contains("--weights");
    assertThat(output("--out", tmp.toString(), "--crops", "5", "--frobnicate"))
        .startsWith("2 ").contains("--frobnicate");
    assertThat(output("--out", tmp.toString(), "--crops", "5", "--backgrounds", tmp.resolve("none").toString()))
        .startsWith("2 ").contains("--backgrounds");
    for (String frame : List.of("1920", "1920x", "x1080", "0x1080", "1920x1080x3", "10x10", "9000x100", "axb")) {
      assertThat(output("--out", tmp.toString(), "--scenes", "1", "--frame", frame)).as(frame).startsWith("2 ")
          .contains("--frame: expected WIDTHxHEIGHT").contains("'" + frame + "'");
    }
    for (String share : List.of("-0.1", "1.5", "half", "NaN")) {
      assertThat(output("--out", tmp.toString(), "--scenes", "1", "--small", share)).as(share).startsWith("2 ")
          .contains("--small: a share from 0 to 1").contains("'" + share + "'");
    }
    assertThat(output("--out", tmp.toString(), "--crops", "1", "--frame", "640x480")).startsWith("2 ")
        .contains("--frame: applies to scenes");
    for (String width : List.of("48", "48:", "130:48", "10:60", "48:2000", "a:b", "48:60:70")) {
      assertThat(output("--out", tmp.toString(), "--crops", "1", "--crop-width", width)).as(width).startsWith("2 ")
          .contains("--crop-width: expected MIN:MAX").contains("'" + width + "'");
    }
    assertThat(output("--out", tmp.toString(), "--scenes", "1", "--crop-width", "48:130")).startsWith("2 ")
        .contains("--crop-width: applies to crops");
    assertThat(output("--out", tmp.toString(), "--crops", "1", "--clean", "--crop-width", "48:130"))
        .startsWith("2 ").contains("--crop-width: --clean");
  }

  @Test
  @DisplayName("--require-fonts draws where every font of the profiles is installed, and changes no byte of it")
  void requireFontsDrawsWithEveryFont() throws IOException {
    // scripts/test installs LK_FONT_PACKAGES: here every font the profiles name is installed
    assertThat(FontCatalog.installed().missing(PlateStyle.fontsNamed(PlateProfiles.builtIn().all()))).isEmpty();
    String o = output("--out", tmp.resolve("r").toString(), "--crops", "8", "--scenes", "1", "--require-fonts");
    assertThat(o).startsWith("0 ").doesNotContain("warning").doesNotContain("not installed");
    Path a = tmp.resolve("plain");
    Path b = tmp.resolve("required");
    assertThat(run("--out", a.toString(), "--crops", "8", "--profiles", "EUROPE", "--seed", "5")).isZero();
    assertThat(run("--out", b.toString(), "--crops", "8", "--profiles", "EUROPE", "--seed", "5", "--require-fonts"))
        .isZero();
    for (Path f : list(a)) {
      assertThat(Files.readAllBytes(b.resolve(a.relativize(f)))).as(f.toString()).isEqualTo(Files.readAllBytes(f));
    }
  }

  @Test
  @DisplayName("A font the profiles name that is not installed is listed, and the message names it and its packages")
  void missingFontsAreNamed() {
    FontCatalog bare = FontCatalog.of(java.util.Map.of());
    List<String> missing = bare.missing(List.of("OSP-DIN", "LK-PlateFE-Bold", "B612-Bold", "OSP-DIN"));
    assertThat(missing).containsExactly("B612-Bold", "OSP-DIN");
    assertThat(PlateStyle.fontsNamed(PlateProfiles.builtIn().select(List.of("DE")))).contains("OSP-DIN");
    assertThat(SynthCommand.missingFonts(missing)).startsWith("2 fonts are not installed")
        .contains("B612-Bold, OSP-DIN").contains("LK_FONT_PACKAGES");
    assertThat(SynthCommand.missingFonts(List.of("OSP-DIN"))).startsWith("1 font is not installed");
    assertThat(SynthCommand.missingFonts(List.of())).isNull();
  }

  /** The options {@code args} with {@code option value} added write the same bytes as without: the default. */
  private void assertDefault(List<String> args, String option, String value) throws IOException {
    Path a = tmp.resolve("default-a");
    Path b = tmp.resolve("default-b");
    List<String> withOption = new java.util.ArrayList<>(args);
    withOption.addAll(List.of(option, value));
    assertThat(run(Stream.concat(Stream.of("--out", a.toString()), args.stream()).toArray(String[]::new))).isZero();
    assertThat(run(Stream.concat(Stream.of("--out", b.toString()), withOption.stream()).toArray(String[]::new)))
        .isZero();
    List<Path> files = list(a);
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      assertThat(Files.readAllBytes(b.resolve(a.relativize(f)))).as(option + " " + value + ": " + f)
          .isEqualTo(Files.readAllBytes(f));
    }
  }

  /** A backgrounds folder of one 640x360 image whose Pascal VOC file holds one object, {@code object} its body. */
  private Path vocBackground(String object) throws IOException {
    Path bg = tmp.resolve("bg");
    Files.createDirectories(bg);
    ImageIO.write(Effects.rgb(640, 360), "png", bg.resolve("f1.png").toFile());
    Files.writeString(bg.resolve("f1.xml"), "<annotation><object>" + object + "</object></annotation>");
    return bg;
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
