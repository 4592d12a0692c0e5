package io.lanekeeper.synth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code anpr synth}, validated; errors name the bad option.
 *
 * @param frame every scene's width and height, px, or null for the backgrounds' own sizes
 * @param small the share of scene plates drawn 60 to 120 px wide (far cars), 0 for none
 * @param cropWidth the narrowest and widest plate of a crop, camera px, drawn log-uniform between them
 * @param requireFonts refuse to draw when a font the profiles name is not installed, rather than draw in their other
 *     fonts (a training draw or the suite's sets must be the draw those options make everywhere)
 * @param cornerRadius the share of crops set in a constructed typeface drawn with tighter corners
 *     ({@code StrokeFont.CORNER_FACTORS}), 0 for none
 * @param altGlyphs the share of crops set in a constructed typeface drawn with other forms of I, 1 and M
 *     ({@code StrokeFont.ALT_STROKES}), 0 for none
 * @param badges the share of scene cars carrying lettering that is not their plate (makes, trim marks, stickers:
 *     hard negatives for the detector), 0 for none
 * @param evenLengths each of a profile's variants (optional positions) drawn as often as any other, not as often as
 *     the texts it prints
 */
record SynthOptions(Path out, int scenes, int crops, List<String> profiles, Map<String, Double> weights,
                    Path backgrounds, long seed, int threads, boolean clean, int[] frame, double small,
                    int[] cropWidth, boolean requireFonts, double cornerRadius, double altGlyphs, double badges,
                    boolean evenLengths) {

  /** A crop's plate width, camera px, unless --crop-width says otherwise. */
  static final int[] DEFAULT_CROP_WIDTH = {70, 280};
  private static final int MIN_CROP_WIDTH = 24;
  private static final int MAX_CROP_WIDTH = 1000;

  static final String USAGE = """
      usage: anpr synth --out DIR [--crops N] [--scenes N] [--profiles SELECTION] [--weights id=3,...]
                        [--backgrounds DIR] [--frame WxH] [--small F] [--crop-width MIN:MAX] [--seed S]
                        [--threads T] [--clean] [--require-fonts] [--corner-radius F] [--alt-glyphs F]
                        [--badges F] [--lengths issued|even]
        --profiles  comma list of profile ids (br-mercosur), countries (BR, US, UK) and regions of
                    plates/regions.json (EU, EEA, EUROPE, BALKANS, NA, LATAM, AMERICAS, ASIA, OCEANIA);
                    default all. anpr profiles lists them
        --frame     scenes of exactly W x H px (1920x1080): backgrounds scaled and cut to it
        --small     the share F (0 to 1) of scene plates drawn 60-120 px wide, far cars in a wide view
        --crop-width  a crop's plate MIN to MAX px wide in the camera, log-uniform (default 70:280); 48:130
                    draws far plates, which a wide view sees as few pixels
        --corner-radius  the share F (0 to 1) of crops set in a constructed typeface (LK-Plate...) whose
                    corners are drawn tighter than the weight's own, 0.35-0.8 of its radius (default 0)
        --alt-glyphs  the share F (0 to 1) of crops set in a constructed typeface drawn with other forms
                    of some of I, 1 and M that plate typefaces use: a serifed I, a 1 on a foot, a deep M
                    (default 0)
        --badges    the share F (0 to 1) of scene cars that carry lettering that is not their plate: a
                    make or model word, a trim mark, a sticker (default 0)
        --lengths   issued (default): a profile's variants (optional positions) drawn as often as the
                    texts they print (Abu Dhabi's numbers mostly five digits); even: each variant as often
                    as another (a 1-digit number as often as a 5-digit one)
        --require-fonts  refuse to draw when a font the profiles name is not installed (without it such
                    plates are drawn in their profiles' other fonts, and the draw differs from one made
                    where the fonts are: scripts/lib.sh's LK_FONT_PACKAGES lists the Debian packages)""";

  private static final int MAX_FRAME_SIDE = 8192;
  private static final int MIN_FRAME_SIDE = 64;

  static SynthOptions parse(String[] args) {
    Path out = null;
    int scenes = 0;
    int crops = 0;
    List<String> profiles = List.of();
    Map<String, Double> weights = new LinkedHashMap<>();
    Path backgrounds = null;
    long seed = 1;
    int threads = Runtime.getRuntime().availableProcessors();
    boolean clean = false;
    int[] frame = null;
    double small = 0;
    int[] cropWidth = null;
    boolean requireFonts = false;
    double cornerRadius = 0;
    double altGlyphs = 0;
    double badges = 0;
    boolean evenLengths = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--scenes" -> scenes = count(value(args, ++i, a), a);
        case "--crops" -> crops = count(value(args, ++i, a), a);
        case "--profiles" -> profiles = Arrays.stream(value(args, ++i, a).split(",")).map(String::trim)
            .filter(s -> !s.isEmpty()).toList();
        case "--weights" -> weights = weights(value(args, ++i, a));
        case "--backgrounds" -> {
          backgrounds = Path.of(value(args, ++i, a));
          if (!Files.isDirectory(backgrounds)) {
            throw new IllegalArgumentException("--backgrounds: " + backgrounds + " is not a directory");
          }
        }
        case "--seed" -> {
          String v = value(args, ++i, a);
          try {
            seed = Long.parseLong(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed: not an integer: " + v);
          }
        }
        case "--threads" -> {
          threads = count(value(args, ++i, a), a);
          if (threads < 1) {
            throw new IllegalArgumentException("--threads: must be at least 1");
          }
        }
        case "--clean" -> clean = true;
        case "--require-fonts" -> requireFonts = true;
        case "--frame" -> frame = frame(value(args, ++i, a));
        case "--small" -> small = share(value(args, ++i, a), a);
        case "--crop-width" -> cropWidth = cropWidth(value(args, ++i, a));
        case "--corner-radius" -> cornerRadius = share(value(args, ++i, a), a);
        case "--alt-glyphs" -> altGlyphs = share(value(args, ++i, a), a);
        case "--badges" -> badges = share(value(args, ++i, a), a);
        case "--lengths" -> {
          String v = value(args, ++i, a);
          if (!v.equals("issued") && !v.equals("even")) {
            throw new IllegalArgumentException("--lengths: issued or even, got '" + v + "'");
          }
          evenLengths = v.equals("even");
        }
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("--out is required");
    }
    if (scenes == 0 && crops == 0) {
      throw new IllegalArgumentException("--scenes or --crops: nothing to generate (both are 0)");
    }
    if (scenes == 0 && (frame != null || small > 0 || badges > 0)) {
      throw new IllegalArgumentException((frame != null ? "--frame" : small > 0 ? "--small" : "--badges")
          + ": applies to scenes, and --scenes is 0");
    }
    if (crops == 0 && cropWidth != null) {
      throw new IllegalArgumentException("--crop-width: applies to crops, and --crops is 0");
    }
    if (crops == 0 && cornerRadius > 0) {
      throw new IllegalArgumentException("--corner-radius: applies to crops, and --crops is 0");
    }
    if (crops == 0 && altGlyphs > 0) {
      throw new IllegalArgumentException("--alt-glyphs: applies to crops, and --crops is 0");
    }
    if (clean && cropWidth != null) {
      throw new IllegalArgumentException("--crop-width: --clean crops are all 240 px wide");
    }
    return new SynthOptions(out, scenes, crops, profiles, weights, backgrounds, seed, threads, clean, frame, small,
        cropWidth == null ? DEFAULT_CROP_WIDTH.clone() : cropWidth, requireFonts, cornerRadius, altGlyphs,
        badges, evenLengths);
  }

  /** {@code MIN:MAX}, px, 24 to 1000, MIN no more than MAX. */
  private static int[] cropWidth(String v) {
    String[] mm = v.split(":");
    try {
      if (mm.length == 2) {
        int min = Integer.parseInt(mm[0].trim());
        int max = Integer.parseInt(mm[1].trim());
        if (min >= MIN_CROP_WIDTH && max <= MAX_CROP_WIDTH && min <= max) {
          return new int[] {min, max};
        }
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new IllegalArgumentException("--crop-width: expected MIN:MAX in px, " + MIN_CROP_WIDTH + " to "
        + MAX_CROP_WIDTH + " and MIN <= MAX (e.g. 48:130), got '" + v + "'");
  }

  /** {@code WxH}, each side 64 to 8192 px. */
  private static int[] frame(String v) {
    String[] wh = v.toLowerCase(java.util.Locale.ROOT).split("x");
    try {
      if (wh.length == 2) {
        int w = Integer.parseInt(wh[0].trim());
        int h = Integer.parseInt(wh[1].trim());
        if (w >= MIN_FRAME_SIDE && h >= MIN_FRAME_SIDE && w <= MAX_FRAME_SIDE && h <= MAX_FRAME_SIDE) {
          return new int[] {w, h};
        }
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new IllegalArgumentException("--frame: expected WIDTHxHEIGHT in px, each " + MIN_FRAME_SIDE + " to "
        + MAX_FRAME_SIDE + " (e.g. 1920x1080), got '" + v + "'");
  }

  /** A share from 0 to 1. */
  private static double share(String v, String option) {
    try {
      double f = Double.parseDouble(v);
      if (f >= 0 && f <= 1) {
        return f;
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new IllegalArgumentException(option + ": a share from 0 to 1 (e.g. 0.3), got '" + v + "'");
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + ": missing value");
    }
    return args[i];
  }

  private static int count(String v, String option) {
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new IllegalArgumentException(option + ": must not be negative: " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": not an integer: " + v);
    }
  }

  private static Map<String, Double> weights(String v) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String part : v.split(",")) {
      String[] kv = part.split("=");
      if (kv.length != 2) {
        throw new IllegalArgumentException("--weights: expected id=weight, got '" + part + "'");
      }
      try {
        double w = Double.parseDouble(kv[1].trim());
        if (w < 0) {
          throw new NumberFormatException();
        }
        m.put(kv[0].trim(), w);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--weights: not a non-negative number in '" + part + "'");
      }
    }
    return m;
  }

  /** Profile ids named in --weights that the selection does not contain. */
  List<String> unknownWeights(List<String> selectedIds) {
    List<String> out = new ArrayList<>();
    for (String k : weights.keySet()) {
      if (!selectedIds.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }
}
