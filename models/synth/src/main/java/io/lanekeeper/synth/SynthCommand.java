package io.lanekeeper.synth;

import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateProfiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code anpr synth}: writes synthetic plate crops (OCR training) and scenes (detector training
 * and end-to-end checks). Every sample draws from its own random stream derived from the seed and
 * its index, so the output is the same whatever the thread count.
 */
public final class SynthCommand {

  private static final Logger LOG = LoggerFactory.getLogger(SynthCommand.class);
  /** Beside a scene set's labels: the profile of each plate drawn ({@link #writeScenes}). */
  public static final String PROFILES_CSV = "profiles.csv";
  private static final long CROP_STREAM = 0x5EED_C40FL;
  private static final long SCENE_STREAM = 0x5EED_5CE7L;
  private static final long LETTERING_STREAM = 0x5EED_BAD6L;
  private static final long GLYPH_STREAM = 0x5EED_6A1FL;

  private SynthCommand() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  public static int run(String[] args, PrintStream out) {
    SynthOptions o;
    List<PlateProfile> selected;
    try {
      System.setProperty("java.awt.headless", "true");
      o = SynthOptions.parse(args);
      selected = PlateProfiles.builtIn().select(o.profiles());
      List<String> unknown = o.unknownWeights(selected.stream().map(PlateProfile::id).toList());
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException("--weights: not among the selected profiles: " + unknown);
      }
    } catch (IllegalArgumentException e) {
      out.println("synth: " + e.getMessage());
      out.println(SynthOptions.USAGE);
      return 2;
    }
    try {
      PlateStyle.check(selected);
    } catch (IllegalArgumentException e) {
      out.println("synth: " + e.getMessage());
      return 2;
    }
    List<String> missing = FontCatalog.installed().missing(PlateStyle.fontsNamed(selected));
    String fonts = missingFonts(missing);
    if (fonts != null && o.requireFonts()) {
      out.println("synth: " + fonts + "; --require-fonts: nothing drawn");
      return 2;
    }
    if (fonts != null) {
      out.println("synth: warning: " + fonts + "; drawing in the profiles' other fonts");
    }
    try {
      ProfileSampler sampler = new ProfileSampler(selected, o.weights(), o.evenLengths());
      if (o.crops() > 0) {
        writeCrops(o, sampler, out);
      }
      if (o.scenes() > 0) {
        writeScenes(o, sampler, out);
      }
      if (fonts != null) {   // said again at the end, where a long draw's reader looks
        out.println("synth: warning: " + fonts + ": this draw differs from one of the same options made where they "
            + "are installed");
      }
      return 0;
    } catch (UncheckedIOException | IllegalArgumentException e) {
      LOG.error("synth failed", e);
      out.println("synth: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      // a bug rather than bad input: keep the stack trace in the log, still exit like a command
      LOG.error("synth failed unexpectedly", e);
      out.println("synth: internal error: " + e);
      return 2;
    }
  }

  /**
   * What to say of fonts the profiles name that are not installed, or null when none is missing: such a profile's
   * plates are drawn in its other fonts, so the draw is not the one its options make on a machine that has them.
   */
  static String missingFonts(List<String> missing) {
    if (missing.isEmpty()) {
      return null;
    }
    return missing.size() + " font" + (missing.size() == 1 ? " is" : "s are") + " not installed under "
        + FontCatalog.roots() + ": " + String.join(", ", missing) + " (scripts/lib.sh's LK_FONT_PACKAGES lists the "
        + "Debian packages; scripts/anpr and scripts/train install them)";
  }

  /**
   * The random stream of sample {@code index}. Seeds are hashed: SplittableRandom seeded with
   * consecutive golden-ratio steps would give each sample its neighbour's stream shifted by one.
   */
  static SplittableRandom stream(long seed, long kind, long index) {
    return new SplittableRandom(mix(mix(seed ^ kind) + index));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static void writeCrops(SynthOptions o, ProfileSampler sampler, PrintStream out) {
    Path dir = mkdirs(o.out().resolve("crops"));
    CropMaker maker = new CropMaker(sampler, Backgrounds.of(o.backgrounds()), o.clean(), o.cropWidth(),
        o.cornerRadius(), o.altGlyphs());
    try (BufferedWriter csv = Files.newBufferedWriter(dir.resolve("labels.csv"), StandardCharsets.UTF_8)) {
      csv.write("file,plate,profile,rows,printed\n");
      Batches.run("crops", o.crops(), 64, o.threads(), out, i -> {
        CropMaker.Crop c = maker.make(stream(o.seed(), CROP_STREAM, i), stream(o.seed(), GLYPH_STREAM, i));
        String file = String.format("%07d.jpg", i);
        Jpeg.write(dir.resolve(file), c.image(), c.quality());
        return file + "," + c.text() + "," + c.profile().id() + "," + c.rows() + "," + c.printed() + "\n";
      }, line -> write(csv, line));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve("labels.csv"), e);
    }
    out.printf("crops: %d written to %s%n", o.crops(), dir);
  }

  /**
   * Scenes and their labels ({@code scene-NNNNNN.txt}: file x y w h plate, the format every scene set has), and the
   * profile each drawn plate came from in {@code profiles.csv} ({@code file,x,y,w,h,plate,profile}, a background's
   * own plates left out): a reader of the set can tell how each country's plates read.
   */
  private static void writeScenes(SynthOptions o, ProfileSampler sampler, PrintStream out) {
    Path dir = mkdirs(o.out().resolve("scenes"));
    SceneMaker maker = new SceneMaker(sampler, Backgrounds.of(o.backgrounds()), o.clean(), o.frame(), o.small(),
        o.badges());
    try (BufferedWriter csv = Files.newBufferedWriter(dir.resolve(PROFILES_CSV), StandardCharsets.UTF_8)) {
      csv.write("file,x,y,w,h,plate,profile\n");
      Batches.run("scenes", o.scenes(), 4, o.threads(), out, i -> {
        SceneMaker.Scene s = maker.make(stream(o.seed(), SCENE_STREAM, i), stream(o.seed(), LETTERING_STREAM, i));
        String name = String.format("scene-%06d", i);
        Jpeg.write(dir.resolve(name + ".jpg"), s.image(), s.quality());
        StringBuilder txt = new StringBuilder();
        StringBuilder drawn = new StringBuilder();
        for (SceneMaker.Label l : s.labels()) {
          String box = l.x() + "\t" + l.y() + "\t" + l.w() + "\t" + l.h();
          txt.append(name).append(".jpg\t").append(box).append('\t').append(l.text()).append('\n');
          if (l.profile() != null) {
            drawn.append(name).append(".jpg,").append(box.replace('\t', ',')).append(',').append(l.text())
                .append(',').append(l.profile()).append('\n');
          }
        }
        try {
          Files.writeString(dir.resolve(name + ".txt"), txt);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + dir.resolve(name + ".txt"), e);
        }
        return drawn.toString();
      }, line -> write(csv, line));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(PROFILES_CSV), e);
    }
    out.printf("scenes: %d written to %s%n", o.scenes(), dir);
  }

  private static void write(BufferedWriter w, String line) {
    try {
      w.write(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path mkdirs(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
