package io.lanekeeper.synth;

import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateProfiles;
import io.lanekeeper.plates.PlateTexts;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * {@code anpr profiles [--doc DIR]}: lists the plate profiles the product knows, and with {@code --doc} writes
 * their catalogue, {@code DIR/plates.md}, with one clean sample picture per profile, {@code DIR/plates/<id>.png}.
 * The samples are drawn from a fixed seed per profile, so running it twice gives the same bytes and a regenerated
 * catalogue only changes where profiles did.
 */
public final class ProfilesCommand {

  static final String USAGE = "usage: anpr profiles [--doc DIR]   list the plate profiles; with --doc write "
      + "DIR/plates.md and DIR/plates/<id>.png";
  /** The width of a sample picture, px. */
  static final int SAMPLE_WIDTH = 260;
  /**
   * The catalogue's groups and the region of {@code plates/regions.json} that makes each; a profile goes to the
   * first group whose region holds its country, else to "Other".
   */
  static final Map<String, String> GROUPS = groups();

  private ProfilesCommand() {
  }

  private static Map<String, String> groups() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Europe", "EUROPE");
    m.put("North America", "NA");
    m.put("Latin America", "LATAM");
    m.put("Asia", "ASIA");
    m.put("Oceania", "OCEANIA");
    return m;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /** Runs the command; 0 on success, 2 on a bad option or profile, with the reason on {@code out}. */
  public static int run(String[] args, PrintStream out) {
    Path doc = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--doc") && i + 1 < args.length && !args[i + 1].startsWith("--")) {
        doc = Path.of(args[++i]);
      } else {
        out.println("profiles: " + (args[i].equals("--doc") ? "--doc: missing value" : "unknown option " + args[i]));
        out.println(USAGE);
        return 2;
      }
    }
    System.setProperty("java.awt.headless", "true");
    PlateProfiles all = PlateProfiles.builtIn();
    for (PlateProfile p : all.all()) {
      out.println(line(all, p));
    }
    if (doc == null) {
      return 0;
    }
    try {
      PlateStyle.check(List.copyOf(all.all()));
      writeDoc(all, doc);
      out.printf("profiles: %d samples in %s, catalogue %s%n", all.all().size(), doc.resolve("plates"),
          doc.resolve("plates.md"));
      return 0;
    } catch (IllegalArgumentException | UncheckedIOException e) {
      out.println("profiles: " + e.getMessage());
      return 2;
    }
  }

  /** One profile as a line: id, country, regions, name, row patterns, vanity. */
  static String line(PlateProfiles all, PlateProfile p) {
    List<String> regions = regions(all, p);
    return String.format("%-14s %-3s %-26s %-44s %-22s %s", p.id(), p.country(),
        regions.isEmpty() ? "-" : String.join(",", regions), p.name(), String.join(" / ", p.rowPatterns())
        + lengthLimits(p, " (<= %d)", " (>= %d)") + (p.check() == null ? "" : " (check " + p.check().id() + ")"),
        vanity(p));
  }

  /**
   * A profile's maxLength and minLength where they leave out a variant of its rows, each in its format ({@code %d}
   * the number of characters), joined; empty where they leave out none.
   */
  static String lengthLimits(PlateProfile p, String atMost, String atLeast) {
    return (p.length() < p.slots().size() ? String.format(Locale.ROOT, atMost, p.length()) : "")
        + (p.minLength() > 1 ? String.format(Locale.ROOT, atLeast, p.minLength()) : "");
  }

  /** The regions that hold the profile's country, in the order of {@code plates/regions.json}. */
  static List<String> regions(PlateProfiles all, PlateProfile p) {
    return all.regions().stream().filter(r -> all.region(r).contains(p.country())).toList();
  }

  private static String vanity(PlateProfile p) {
    PlateProfile.Vanity v = p.vanity();
    return v == null ? "-" : String.format("%d-%d characters, %.0f%%", v.min(), v.max(), v.weight() * 100);
  }

  /** The catalogue group of a profile: the first of {@link #GROUPS} whose region holds its country. */
  static String group(PlateProfiles all, PlateProfile p) {
    for (Map.Entry<String, String> g : GROUPS.entrySet()) {
      List<String> countries = all.region(g.getValue());
      if (countries != null && countries.contains(p.country())) {
        return g.getKey();
      }
    }
    return "Other";
  }

  private static void writeDoc(PlateProfiles all, Path doc) {
    Path pictures = doc.resolve("plates");
    try {
      Files.createDirectories(pictures);
      PlateRenderer renderer = new PlateRenderer();
      List<String> ids = new ArrayList<>();
      for (PlateProfile p : all.all()) {
        ids.add(p.id());
        ImageIO.write(sample(renderer, p), "png", pictures.resolve(p.id() + ".png").toFile());
      }
      try (Stream<Path> s = Files.list(pictures)) {
        for (Path f : s.filter(f -> f.getFileName().toString().endsWith(".png")).toList()) {
          String name = f.getFileName().toString();
          if (!ids.contains(name.substring(0, name.length() - ".png".length()))) {
            Files.delete(f);
          }
        }
      }
      Files.writeString(doc.resolve("plates.md"), markdown(all), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the catalogue under " + doc + ": " + e.getMessage(), e);
    }
  }

  /** One clean sample of the profile's pattern (never a vanity text), from a seed of its id. */
  static BufferedImage sample(PlateRenderer renderer, PlateProfile p) {
    PlateProfile regular = new PlateProfile(p.id(), p.country(), p.name(), p.widthMm(), p.heightMm(),
        p.rowPatterns(), p.choices(), p.alphabet(), p.render(), null, p.printedChoices(), p.printedAlphabet(),
        p.maxLength(), p.minLength(), p.check());
    SplittableRandom rnd = new SplittableRandom(p.id().hashCode());
    return renderer.render(regular, PlateTexts.random(regular, rnd), SAMPLE_WIDTH, rnd).image();
  }

  static String markdown(PlateProfiles all) {
    StringBuilder md = new StringBuilder();
    md.append("""
        # Plate profiles

        <!-- Generated by `scripts/anpr profiles --doc docs`: edit the profiles, not this file. -->

        The plate formats the controller reads and the synthetic generator draws: one JSON file per format in
        `models/plates/src/main/resources/plates/`, listed in `plates/index.json`. A lane names the formats it
        expects by profile id (`de`), country (`DE`) or region (`EU`); `anpr synth --profiles` takes the same names.
        This page is generated by `scripts/anpr profiles --doc docs`, which also draws the samples in `docs/plates/`.

        ## Adding a profile

        1. Write `models/plates/src/main/resources/plates/<id>.json` (start from a profile of a similar design) and
           add it to `plates/index.json`. `id` is lower case (`fr`, `fr-2` for a two-row variant, `us-ny` for a US
           state), `country` the ISO 3166-1 alpha-2 code, `sizeMm` the real plate size.
        2. Describe the look under `render` (plate colour, band, labels, emblems, fonts): every key is in
           [synth.md](synth.md#profile-schema).
        3. Check it: `(. scripts/lib.sh; lk_find_jdk; lk_mvn -q -o -pl models/synth -am test)` loads every
           profile, fits random texts to its slots and renders it; `scripts/anpr synth --out /tmp/x --crops 20
           --profiles <id> --clean` draws samples to look at.
        4. Regenerate this page: `scripts/anpr profiles --doc docs`.

        ## Pattern syntax

        Each of a profile's `rows` (at most 2) has a `pattern`, read left to right:

        | in a pattern | meaning |
        |---|---|
        | `L` | a letter (A-Z unless `alphabet.L` narrows it, e.g. no I, O, Q) |
        | `D` | a digit |
        | `A` | a letter or a digit |
        | any key of `alphabet` | one character of that class (`"c": "ABEKMHOPCTX"`) |
        | `{name}` | one of the strings of `choices.name` (a district code, all of one length); a list of only \
        separators (`["-", "·"]`) is a printed separator, never read; `"district": "@pl-3"` is profile `pl-3`'s \
        list `district`, for a country's designs that share one (one row and two, front and rear) |
        | anything else | printed but not read: a space, `-`, `·`, or an emblem named in `render.glyphs` \
        (`"~": "de-seals"`) |

        A plate text has at most 10 characters, or the profile's `maxLength` where a country limits the whole
        text below what its optional positions make (Germany: 8, an electric car's `E` counted); `minLength`
        likewise drops the shorter variants (Austria's personalised plates). Letters outside
        A-Z are written as the plate prints them (`MÜ`, Cyrillic `АВ`, Greek, `Š Đ Č Ć Ž`); the controller stores
        and the OCR reads their Latin look-alikes (`PlateText.fold`), and a letter without one is refused when the
        profile loads. `vanity` (`{"min": 2, "max": 8, "weight": 0.1}`) draws that share of a one-row design's
        plates as free text. `check` names the rule of a check character printed last (`"sg"`: Singapore's
        checksum letter, `PlateCheck`): the generator prints the character the rule computes from the rest, and
        a lane takes a text for the profile's plate only where its last character is that one, correcting a
        misread character where the check tells which.

        ## Regions

        Selections may name a region of `plates/regions.json`; **bold** countries have a profile.

        | region | countries |
        |---|---|
        """);
    List<String> withProfile = all.countries();
    for (String r : all.regions()) {
      List<String> cs = all.region(r).stream().map(c -> withProfile.contains(c) ? "**" + c + "**" : c).toList();
      md.append("| ").append(r).append(" | ").append(String.join(", ", cs)).append(" |\n");
    }
    Map<String, List<PlateProfile>> byGroup = new LinkedHashMap<>();
    GROUPS.keySet().forEach(g -> byGroup.put(g, new ArrayList<>()));
    byGroup.put("Other", new ArrayList<>());
    all.all().stream().sorted(java.util.Comparator.comparing(PlateProfile::id))
        .forEach(p -> byGroup.get(group(all, p)).add(p));
    for (Map.Entry<String, List<PlateProfile>> g : byGroup.entrySet()) {
      if (g.getValue().isEmpty()) {
        continue;
      }
      md.append("\n## ").append(g.getKey()).append("\n\n");
      md.append("| sample | id | country | name | pattern | vanity |\n|---|---|---|---|---|---|\n");
      for (PlateProfile p : g.getValue()) {
        md.append("| ![").append(p.id()).append("](plates/").append(p.id()).append(".png) | `").append(p.id())
            .append("` | ").append(p.country()).append(" | ").append(cell(p.name())).append(" | ")
            .append(String.join("<br>", p.rowPatterns().stream().map(r -> "`" + cell(r) + "`").toList()))
            .append(lengthLimits(p, "<br>at most %d characters", "<br>at least %d characters"))
            .append(p.check() == null ? "" : "<br>check character: " + p.check().id())
            .append(" | ").append(vanity(p)).append(" |\n");
      }
    }
    return md.toString();
  }

  /** Text for a table cell: a {@code |} would end the cell. */
  private static String cell(String s) {
    return s.replace("|", "\\|");
  }
}
