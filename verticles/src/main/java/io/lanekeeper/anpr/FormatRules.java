package io.lanekeeper.anpr;

import io.lanekeeper.plates.PlateCheck;
import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateTexts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the OCR's per-slot probabilities into the best reading that fits one of a lane's plate formats.
 *
 * <p>For each format of a usable length, every position takes the most probable character the format allows
 * there. Letters and digits that share a glyph shape are look-alikes ({@code 0/O}, {@code 1/I}, {@code 2/Z},
 * {@code 4/A}, {@code 5/S}, {@code 6/G}, {@code 8/B}, and {@code D, Q} to {@code 0}): a character's probability
 * in a slot is its own plus most ({@link #LOOK_ALIKE_WEIGHT}) of its look-alikes' of the other class, because
 * they are one glyph that the OCR splits between two classes and the format tells which of the two it is. In
 * typefaces such as DIN 1451 or Brazil's Mandatory, O and 0 differ only in width (or not at all), so the OCR may
 * be sure of "0" in a letter slot, or divide an O between "O", "0", "D" and "Q": in a letter slot the O then
 * holds the O's and the 0's share against the D's alone (a digit's share goes to its own letter only, so 0 lends
 * to O, never to D), and in a digit slot the 0 holds the O's, D's and Q's. Any other correction is refused when
 * the character it picks, with its look-alikes' shares, is less probable than {@code correctionFloor}: the OCR
 * then saw something else, not a look-alike. The score of a fit is the product of the chosen characters' probabilities
 * and of the padding probabilities of the slots after the text, so fits of different lengths compare fairly and
 * an uncertain last character can make a shorter format win. A format whose last character is a check character
 * ({@link PlateCheck}: Singapore's checksum letter) fits only a text whose check holds: where the likeliest
 * characters break it, the likeliest text one character away that keeps it is its fit (the check character as
 * computed, or another character changed to agree with the check character as read), under the same floor.
 *
 * <p>When formats of different shapes fit (with no country hint, {@code 0LBA809} fits California's {@code DLLLDDD}
 * as well as an old Brazilian {@code OLB4809} read with two look-alikes), the plate's box decides between them:
 * each fit's score is weighted by how well the box's width-to-height ratio matches the format's
 * ({@code sizeMm}), a log-normal likelihood with spread {@link #SHAPE_SIGMA}. Perspective and loose boxes blur
 * the ratio, so the weight only breaks near-ties; it never turns a read away.
 *
 * <p>Two-row formats (Sri Lankan motorcycle plates) are read from the two row bands of the crop, each read as
 * a line ({@link #read(float[][], float[][][], double)}); the rows' characters are joined and only two-row
 * formats are fitted to them, each only where the rows part as the format's do (the bottom row read with as many
 * characters as the format's, the top with its own or those and a caption), while one-row formats and free reads
 * use the whole crop's line. The best fit of either kind wins, weighted by the box's shape as above.
 *
 * <p>A read one or two characters longer than a format may fit it with the extra characters left out at its start
 * or end, at a cost of {@link #EDGE_DROP_WEIGHT} each and with at most one look-alike correction among the characters
 * kept, but only at an edge where the profile prints something level with the text that the OCR may have read as a
 * character (a band with its country code, a coat of arms, a caption: {@link #clutterBeside}). Where the profile
 * prints a caption left of the text and the left-out characters spell it as read (Sri Lanka's province letters
 * {@code WP}, Austria's {@code A} in the band: {@link #captionsLeft}), they cost {@link #CAPTION_DROP_WEIGHT} once
 * instead: that caption is printed there and is not the registration, and a read of it beside a plate that fits
 * the format is the plate. A two-row format's top row may leave out such a caption too.
 *
 * <p>Format rules must never cost a plate that a free read gets right. The OCR's own characters stand unless the
 * format's evidence is strong. A fit whose text differs from the free read (the OCR's top characters) wins only when
 * the probability the OCR gives its characters ({@link #glyphEvidence}: a character's own probability, plus
 * {@link #SAME_GLYPH_SHARE} of a look-alike the format's typeface draws alike, O/0 everywhere and more where the
 * profile says so, and {@link #OTHER_SHARE} of any other look-alike) times a prior is at least the free read's. The
 * prior ({@code formatPrior}, 2) favours a text that fits one of the lane's formats over one that fits none; when the
 * free read is itself a plate of one of those formats, both hypotheses are plates and the evidence and the box's
 * shape decide, though the free read still wins, naming no format, where it would as a read of no format (a format
 * whose shape is far from the box's does not make it less likely). A
 * fit that reads as the OCR read needs no evidence and names the format. Where formats compete (fits ranked, a read
 * that fits as it stands against a correction), each also counts by the share of its profile's plates its variant
 * holds ({@link Fit#weight}): a variant of fewer than one plate in {@code 1 / }{@link #FULL_SHARE} of its profile's,
 * as issued, weighs less, down to a read of no format (Indonesia's {@code H 150 Q}, one in 7,800 of its plates,
 * against Tasmania's {@code H15 OQ}); against a read of no format it still counts as a format. Each of these was kept
 * because the evaluation suite's macro average rose with no set losing more than its noise (scripts/anpr suite,
 * docs/benchmarks.md).
 *
 * <p>A lane with no formats fits every known format and also accepts free reads of 4 to 9 letters and digits (from
 * the lane's {@code read.minLength} where it allows shorter plates, {@link #minLength}). A
 * lane's formats (a country hint) narrow the fits to its countries' formats; free reads stay unless the lane is
 * strict ({@code freeReads} false), and a read that no hinted format wins is decided as on a lane without the hint
 * ({@link #orElse}): a hint adds, and never costs a plate that no hint reads.
 */
public final class FormatRules {

  /** The OCR output alphabet; index 0 is padding. */
  public static final String ALPHABET = "_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  public static final int SLOTS = 10;
  static final int PAD = 0;
  /**
   * The fewest characters a reading has unless the lane says otherwise: a lane's {@code read.minLength} (4 by
   * default), below which the lane never decides on a read. A shorter format variant (German {@code M A 1}, Jersey's
   * {@code J 7}) or free read would mostly be a fragment of a plate read as a car enters.
   */
  public static final int DEFAULT_MIN_LENGTH = 4;
  static final int FREE_MAX = 9;
  /** The prior of a lane without a hint: the plate fits one of all the known formats. */
  public static final double DEFAULT_PRIOR = 2;
  /** The prior of a lane hinted to its country or region: its plates mostly fit that country's formats. */
  public static final double HINT_PRIOR = 2;
  /** The share of a look-alike that the format's typeface draws alike that the evidence counts. */
  static final double SAME_GLYPH_SHARE = 0.9;
  /** The share of any other look-alike (0/O, 8/B, 2/Z, 4/A, 1/I ... in a typeface that tells them apart). */
  static final double OTHER_SHARE = 0.1;
  /** Look-alikes that most plate typefaces draw alike (DIN 1451, Mandatory, many US dies): O and 0. */
  static final List<String> COMMON_SAME_GLYPHS = List.of("O0");
  /**
   * The share of the top guess's probability its look-alike inherits: below 1, so that of two formats that fit,
   * the one that reads the glyphs as the OCR saw them wins (ABC1D23 is a Mercosur plate, not an old ABC1023).
   */
  static final double LOOK_ALIKE_WEIGHT = 0.9;
  /**
   * Spread of the box's aspect ratio around a format's, in natural log units: a box 1.5 times too wide or
   * too narrow for a format keeps 0.60 of that format's score against one it fits exactly.
   */
  static final double SHAPE_SIGMA = 0.4;
  /**
   * The share of its profile's plates from which a format variant counts fully ({@link Fit#weight}): Indonesia's
   * {@code H 150 Q}, a variant that holds one plate in 7,800 of Indonesia's, is weak evidence that a read is that
   * plate and not Tasmania's {@code H15 OQ} with its O read as 0. A German {@code M AB 12 E} (one in 115) counts
   * fully: numbers a country lets owners choose are shorter than its series would make them.
   */
  static final double FULL_SHARE = 0.001;
  /**
   * Boxes up to this factor wider than a two-row format's aspect ratio are also read row by row (1.5 sigma of
   * the shape spread), when no one-row format fits their shape better ({@link #readsRows}): a Sri Lankan
   * motorcycle plate (1.4:1) is, a Brazilian (3.1:1) is not, though India's two-row plate (2:1) reaches it.
   */
  static final double TWO_ROW_SPREAD = Math.exp(1.5 * SHAPE_SIGMA);
  /** Most characters a format fit may leave out at the edges of a read. */
  static final int MAX_EDGE_DROP = 2;
  /**
   * The factor each character left out at an edge costs a fit: a reading that needs no dropping wins over one that
   * does, and in a lane without formats a plain read of all the characters wins unless they are doubtful.
   */
  static final double EDGE_DROP_WEIGHT = 0.1;
  /** A slot left out of a fit: padding with probability {@link #EDGE_DROP_WEIGHT}. */
  private static final float[] DROPPED = dropped(EDGE_DROP_WEIGHT);
  /**
   * The factor a caption left out at the start of a read costs a fit, the whole caption once: below 1, so that a
   * read that fits a format with all its characters read surer than this wins over the same read less a caption,
   * and well above 1 / {@link #DEFAULT_PRIOR}, so that a plate read with its caption is the format's plate, not a
   * free read, nor a look-alike fit of some other format to all the characters. 0.9 read more plates than 0.5 on
   * fresh draws of Sri Lankan and European scenes (never the suite's), with no hint: 65 and 141 against 62 and 141.
   */
  static final double CAPTION_DROP_WEIGHT = 0.9;
  /** The first slot of a caption left out of a fit. */
  private static final float[] CAPTION_DROPPED = dropped(CAPTION_DROP_WEIGHT);
  /** Any further slot of a caption left out of a fit. */
  private static final float[] CAPTION_REST = dropped(1);
  /** For each alphabet index, its look-alike of the other class (letter for a digit, digit for a letter), or -1. */
  private static final int[] LOOK_ALIKE = lookAlikes(
      "0O", "1I", "2Z", "4A", "5S", "6G", "8B", "D0", "Q0");
  /**
   * For each alphabet index, the characters of the other class whose look-alike it is: for O the 0, for 0 the O,
   * D and Q. A digit lends only to its first letter ({@code 0} to O, not to D), so the digit's share does not blur
   * letters that are told apart by shape.
   */
  private static final int[][] SAME_GLYPH = sameGlyphs();

  private final List<Fit> formats;
  private final boolean freeReads;
  private final double correctionFloor;
  private final double formatPrior;
  /** The fewest characters of a reading: shorter format variants and free reads are not considered. */
  private final int minLength;
  /** A hinted lane's rules without the hint: they decide every read that no hinted format wins. */
  private final FormatRules unhinted;

  /**
   * One reading: the text, a confidence per character, and the format it fits (null for a free read).
   *
   * @param score the product of the chosen characters' probabilities with their look-alikes' shares: how well the
   *     reading fits this format, to rank formats against each other
   * @param evidence the same product as the OCR itself supports it ({@link #glyphEvidence}): what a correction is
   *     judged by against the free read
   */
  public record Reading(String text, double[] charConfidences, String format, double score, double evidence) {

    /** Product of the character confidences. */
    public double confidence() {
      double c = 1;
      for (double d : charConfidences) {
        c *= d;
      }
      return c;
    }
  }

  public FormatRules(List<PlateProfile> formats, boolean freeReads, double correctionFloor) {
    this(formats, freeReads, correctionFloor, DEFAULT_PRIOR);
  }

  /**
   * @param formatPrior how many times as likely a plate is to fit one of {@code formats} as to fit none: a format
   *     fit that corrects the OCR's own characters wins over the free read only when the OCR's evidence for it,
   *     times this prior, is at least the free read's probability
   */
  public FormatRules(List<PlateProfile> formats, boolean freeReads, double correctionFloor, double formatPrior) {
    this(formats, freeReads, correctionFloor, formatPrior, DEFAULT_MIN_LENGTH);
  }

  /**
   * As {@link #FormatRules(List, boolean, double, double)} for a lane whose plates may be shorter (or must be
   * longer) than {@link #DEFAULT_MIN_LENGTH}: the lane's {@code read.minLength}.
   *
   * @param minLength the fewest characters of a reading, 1 to {@link #SLOTS}: format variants and free reads of
   *     fewer are not read
   */
  public FormatRules(List<PlateProfile> formats, boolean freeReads, double correctionFloor, double formatPrior,
                     int minLength) {
    this(formats.stream().flatMap(p -> Fit.of(p).stream()).filter(f -> f.length() >= minLength).toList(),
        freeReads, correctionFloor, formatPrior, checkedMinLength(minLength), null);
  }

  private FormatRules(List<Fit> fits, boolean freeReads, double correctionFloor, double formatPrior, int minLength,
      FormatRules unhinted) {
    if (!(formatPrior >= 1) || Double.isInfinite(formatPrior)) {
      throw new IllegalArgumentException("a format prior must be a finite number of at least 1, got " + formatPrior);
    }
    this.formats = fits;
    this.freeReads = freeReads;
    this.correctionFloor = correctionFloor;
    this.formatPrior = formatPrior;
    this.minLength = minLength;
    this.unhinted = unhinted;
  }

  private static int checkedMinLength(int minLength) {
    if (minLength < 1 || minLength > SLOTS) {
      throw new IllegalArgumentException("a reading's least length must be 1 to " + SLOTS + ", got " + minLength);
    }
    return minLength;
  }

  /** The fewest characters of a reading these rules give. */
  public int minLength() {
    return minLength;
  }

  /**
   * These rules as a hint that adds and never removes: a read that none of these formats wins (a free read, or
   * nothing) is decided by {@code without}, the rules of a lane without the hint, so a hinted lane reads every
   * plate of no hinted format as a lane without a hint does, from the crops it read: a hinted lane reads a box row
   * by row only for its own two-row formats. Strict rules stay strict.
   */
  public FormatRules orElse(FormatRules without) {
    if (!freeReads || without == null) {
      return this;
    }
    if (without.minLength != minLength) {
      throw new IllegalArgumentException("a hint's rules and the rules without it must read the same lengths, got "
          + minLength + " and " + without.minLength);
    }
    return new FormatRules(formats, true, correctionFloor, formatPrior, minLength, without);
  }

  /** Whether these rules know any format: false for free reads alone (the format rules off). */
  public boolean hasFormats() {
    return !formats.isEmpty() || unhinted != null && unhinted.hasFormats();
  }

  public boolean acceptsFreeReads() {
    return freeReads;
  }

  /**
   * The known format a text is as it stands (no character corrected), the one whose shape fits the box best (its
   * variant's share weighed, {@link Fit#weight}); these rules' formats before those of a lane without the hint; null
   * when it is none of them.
   */
  public String formatOf(String text, double boxAspect) {
    Fit f = asRead(text == null ? "" : text, boxAspect, true);
    return f != null ? f.id() : unhinted == null ? null : unhinted.formatOf(text, boxAspect);
  }

  /**
   * These rules' format a text is as it stands whose shape fits the box best, weighed by its variant's share
   * ({@link Fit#weight}), or null.
   */
  private Fit asRead(String text, double boxAspect, boolean oneRowOnly) {
    return formats.stream().filter(f -> !(oneRowOnly && f.rows() == 2) && f.accepts(text))
        .max(java.util.Comparator.comparingDouble(f -> shapeLikelihood(boxAspect, f.aspect()) * f.weight(formatPrior)))
        .orElse(null);
  }

  /**
   * The best reading of one plate.
   *
   * @param probs {@code [10][37]} softmax probabilities per slot over {@link #ALPHABET}
   * @return empty when no allowed reading fits
   */
  public Optional<Reading> read(float[][] probs) {
    return read(probs, Double.NaN);
  }

  /**
   * The best reading of one plate whose box is {@code boxAspect} times as wide as it is tall (NaN when not
   * known: the formats then compete on the characters alone).
   */
  public Optional<Reading> read(float[][] probs, double boxAspect) {
    return read(probs, null, boxAspect);
  }

  /**
   * Whether a box of this aspect ratio should also be read row by row: some format has two rows, the box is not
   * much wider than that format ({@link #TWO_ROW_SPREAD}), and no one-row format fits the box's shape better. A box
   * that a one-row format fits better reads its line and loses its row reads to the shape weight anyway (same suite
   * to the plate, 2026-12-03), and its two row crops were a third of the OCR's batch.
   */
  public boolean readsRows(double boxAspect) {
    // these rules' formats only, not the unhinted rules' two-row ones: a hinted lane reads rows only for its own (a
    // box a little taller than its formats, as a car enters the frame, read by rows would fit some foreign format)
    double twoRows = 0;
    double oneRow = 0;
    for (Fit f : formats) {
      double fit = shapeLikelihood(boxAspect, f.aspect());
      if (f.rows() != 2) {
        oneRow = Math.max(oneRow, fit);
      } else if (!(boxAspect > 0) || !(f.aspect() > 0) || boxAspect <= f.aspect() * TWO_ROW_SPREAD) {
        twoRows = Math.max(twoRows, fit);
      }
    }
    return twoRows > 0 && twoRows >= oneRow;
  }

  /**
   * The best reading of one plate, given the whole crop read as one line and, when not null, its top and bottom
   * row bands each read as a line ({@code rows[0]}, {@code rows[1]}).
   */
  public Optional<Reading> read(float[][] probs, float[][][] rows, double boxAspect) {
    return read(List.<float[][]>of(probs), rows, boxAspect);
  }

  /**
   * The best reading of one plate read as a line from several crops of it (the box as found, and a tighter
   * cut), and optionally row by row: the best format fit over all of them, weighted by the box's shape, then
   * the free-read rule against the best free read of any of them.
   */
  public Optional<Reading> read(List<float[][]> lines, float[][][] rows, double boxAspect) {
    return read(lines, null, rows, boxAspect);
  }

  /**
   * As {@link #read(List, float[][][], double)}, each line's readings weighted by {@code weights[i]} (null: all
   * 1): a crop that is less likely to show the plate as the OCR knows it (the plate's inverted crop) wins only when
   * its reading is that much surer.
   */
  public Optional<Reading> read(List<float[][]> lines, double[] weights, float[][][] rows, double boxAspect) {
    if (weights != null && weights.length != lines.size()) {
      throw new IllegalArgumentException(weights.length + " weights for " + lines.size() + " lines");
    }
    Lines read = start(rows, boxAspect);   // each line's shape is checked as it is added
    for (int li = 0; li < lines.size(); li++) {
      read.add(lines.get(li), weights == null ? 1 : weights[li]);
    }
    return read.reading();
  }

  /**
   * A reading of one plate built up line by line ({@link #read(List, double[], float[][][], double)} in steps): the
   * engine reads a plate's own crop first and its other crops only when that reading is not sure, and the reading
   * after the other lines are added is the one all of them would give at once, without the first line read twice.
   *
   * @param rows the top and bottom row bands each read as a line, or null
   */
  public Lines start(float[][][] rows, double boxAspect) {
    return new Lines(rows, boxAspect);
  }

  /** The state of a plate's reading: the best format fit and the best free read of the lines added so far. */
  public final class Lines {
    private final float[][][] rows;
    private final double boxAspect;
    private final float[][] joined;
    private final BestFit best;
    private final List<float[][]> lines = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private Reading rowsFree;   // the free read of the rows joined, when read by rows
    private Reading lineFree;   // the best free read of the lines
    private Lines unhintedLines;   // the unhinted rules' reading of the same lines, once a reading fell back to them

    private Lines(float[][][] rows, double boxAspect) {
      this.rows = rows;
      this.boxAspect = boxAspect;
      int[] joinedTops = null;
      float[][] j = null;
      if (rows != null) {
        if (rows.length != 2) {
          throw new IllegalArgumentException("row reads must be [2][" + SLOTS + "][" + ALPHABET.length() + "]");
        }
        checkShape(rows[0]);
        checkShape(rows[1]);
        j = joinRows(rows[0], rows[1]);
        joinedTops = j == null ? null : tops(j);
      }
      joined = j;
      Glyphs joinedGlyphs = j == null ? null : new Glyphs(j);
      best = new BestFit(boxAspect, formatPrior);
      int joinedChars = joinedTops == null ? 0 : leadingChars(joinedTops);
      int bottomChars = joined == null ? 0 : leadingChars(tops(rows[1]));
      for (Fit f : formats) {
        // the rows as the OCR read them: a two-row format fits only where the bottom row has its characters, and
        // the top row its own (or those and a caption left of them): the joined text alone would let a format whose
        // rows part elsewhere read it (German GM / CI843 as a Polish GMC / 1843)
        if (f.rows() == 2 && joined != null && bottomChars == f.bottomLength()) {
          Reading r = joinedChars - bottomChars == f.length() - f.bottomLength()
              ? f.read(joined, joinedGlyphs, 0, joinedTops, correctionFloor) : null;
          best.offer(f, r != null ? r : withEdgesDropped(f, joined, joinedGlyphs, joinedTops, joinedChars, true));
        }
      }
      if (freeReads && joined != null) {
        rowsFree = freeRead(joined, joinedTops);   // it meets the lines' best free read in reading()
      }
    }

    /** Adds one crop's read as a line, its readings weighted by {@code weight} (0..1; 1: as read). */
    public Lines add(float[][] probs, double weight) {
      if (!(weight >= 0 && weight <= 1)) {
        throw new IllegalArgumentException("a line's weight must be in 0..1, got " + weight);
      }
      checkShape(probs);
      int[] tops = tops(probs);
      int n = leadingChars(tops);
      Glyphs glyphs = new Glyphs(probs);
      for (Fit f : formats) {
        if (f.rows() != 2) {
          Reading r = f.read(probs, glyphs, 0, tops, correctionFloor);
          best.offer(f, weighted(r != null ? r : withEdgesDropped(f, probs, glyphs, tops, n, false), weight));
        }
      }
      Reading fr = freeReads ? weighted(freeRead(probs, tops), weight) : null;
      if (fr != null && (lineFree == null || fr.score() > lineFree.score())) {
        lineFree = fr;
      }
      lines.add(probs);
      weights.add(weight);
      if (unhintedLines != null) {
        unhintedLines.add(probs, weight);
      }
      return this;
    }

    /**
     * The best reading of the lines added so far and the rows, as {@link #read(List, double[], float[][][], double)}
     * gives it for them; empty when no allowed reading fits. Adding lines after it is allowed.
     */
    public Optional<Reading> reading() {
      Reading lineOrRows = lineFree;
      if (freeReads && joined != null) {
        lineOrRows = freeOfRowsOrLine(lineFree, rowsFree, boxAspect);
      }
      Reading chosen = best.reading;
      if (lineOrRows != null && chosen != null && !chosen.text().equals(lineOrRows.text())) {
        // the prior favours a text that fits a format over one that fits none; when the OCR's own read fits a
        // format too, both are plates of known formats: the OCR's evidence and the box's shape decide. A read that
        // fits a format only in a shape far from the box's still wins where it would as a read of no format, and
        // names no format then: a format the read fits as it stands never costs it (a US plate 95003 and Abu
        // Dhabi's 9 5003), and a read of no format is what a hinted lane hands to its fallback
        String read = lineOrRows.text();
        Fit fitsAsRead = asRead(read, boxAspect, false);
        // two plates of known formats: each counts by its variant's share of its profile's plates too (Indonesia's
        // H 150 Q, one of its rarest shapes, against Tasmania's H15 OQ)
        if (fitsAsRead != null && chosen.evidence() * shapeLikelihood(boxAspect, best.fit.aspect())
            * best.fit.weight(formatPrior)
            < lineOrRows.score() * shapeLikelihood(boxAspect, fitsAsRead.aspect()) * fitsAsRead.weight(formatPrior)) {
          chosen = new Reading(lineOrRows.text(), lineOrRows.charConfidences(), fitsAsRead.id(), lineOrRows.score(),
              lineOrRows.evidence());
        } else if (chosen.evidence() * formatPrior < lineOrRows.score()) {
          chosen = lineOrRows;
        }
      } else if (lineOrRows != null && chosen == null) {
        chosen = lineOrRows;
      }
      if (unhinted != null && (chosen == null || chosen.format() == null)) {
        if (unhintedLines == null) {   // from then on it takes each line as this one does, each line fitted once
          unhintedLines = unhinted.start(rows, boxAspect);
          for (int i = 0; i < lines.size(); i++) {
            unhintedLines.add(lines.get(i), weights.get(i));
          }
        }
        return unhintedLines.reading();
      }
      return Optional.ofNullable(chosen);
    }
  }

  /** The reading with its score and evidence scaled by its line's weight; its text and confidences as read. */
  private static Reading weighted(Reading r, double w) {
    return r == null || w == 1 ? r : new Reading(r.text(), r.charConfidences(), r.format(), r.score() * w,
        r.evidence() * w);
  }

  /**
   * The best format fit offered so far, by its score weighted by the box's shape and by its variant's share of its
   * profile's plates ({@link Fit#weight}); the first wins ties.
   */
  private static final class BestFit {
    private final double boxAspect;
    private final double formatPrior;
    private Reading reading;
    private Fit fit;
    private double weighted;

    BestFit(double boxAspect, double formatPrior) {
      this.boxAspect = boxAspect;
      this.formatPrior = formatPrior;
    }

    void offer(Fit f, Reading r) {
      if (r == null) {
        return;
      }
      double w = r.score() * shapeLikelihood(boxAspect, f.aspect()) * f.weight(formatPrior);
      if (reading == null || w > weighted) {
        reading = r;
        fit = f;
        weighted = w;
      }
    }
  }

  /**
   * The fit of a format to the read with up to {@link #MAX_EDGE_DROP} characters more than the format has left
   * out at its start or end (a bolt, a frame's lettering or the plate's edge read as a character when the box is
   * loose). Each character left out costs {@link #EDGE_DROP_WEIGHT}, and the characters kept may differ from the
   * OCR's top guesses in one slot at most (a look-alike): a read that needs both is more likely not this format.
   * Characters at the start that spell a caption the profile prints left of the text cost
   * {@link #CAPTION_DROP_WEIGHT} together. Null when no placement fits.
   *
   * @param captionsOnly only a caption may be left out, at the start (a two-row read, whose end is the bottom row's)
   */
  private Reading withEdgesDropped(Fit f, float[][] probs, Glyphs glyphs, int[] tops, int n, boolean captionsOnly) {
    int extra = n - f.length();
    if (extra < 1 || extra > MAX_EDGE_DROP) {
      return null;
    }
    Reading best = null;
    for (int start = 0; start <= extra; start++) {
      boolean caption = start > 0 && !f.captionsLeft().isEmpty() && isCaption(f.captionsLeft(), spelled(tops, start));
      if (captionsOnly && (!caption || start < extra)) {
        continue;
      }
      if (start > 0 && !f.clutterLeft() || extra - start > 0 && !f.clutterRight()) {
        continue;   // nothing printed on that side of the text that the OCR could have read as a character
      }
      float[][] view = new float[SLOTS][];
      int[] viewTops = new int[SLOTS];
      for (int i = 0; i < SLOTS; i++) {
        if (i < f.length()) {
          view[i] = probs[start + i];
          viewTops[i] = tops[start + i];
        } else if (i < n) {
          int dropped = i - f.length();   // the first `start` of these stand for the characters left out at the start
          view[i] = !caption || dropped >= start ? DROPPED : dropped == 0 ? CAPTION_DROPPED : CAPTION_REST;
          viewTops[i] = PAD;
        } else {
          view[i] = probs[i];
          viewTops[i] = tops[i];
        }
      }
      Reading r = f.read(view, glyphs, start, viewTops, correctionFloor);
      if (r != null && corrections(r.text(), viewTops) <= 1 && (best == null || r.score() > best.score())) {
        best = r;
      }
    }
    return best;
  }

  /**
   * Whether characters read at the start of a plate are a caption printed left of its text: the caption, or one
   * letter of a two-letter one (the other lost at the crop's edge or run into the text: {@code P} of {@code WP}).
   */
  static boolean isCaption(Set<String> captions, String s) {
    if (captions.contains(s)) {
      return true;
    }
    return s.length() == 1 && captions.stream().anyMatch(c -> c.length() > 1 && (c.startsWith(s) || c.endsWith(s)));
  }

  /** The OCR's top guesses of the first {@code n} slots as text. */
  private static String spelled(int[] tops, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(ALPHABET.charAt(tops[i]));
    }
    return b.toString();
  }

  /** How many characters of a reading are not the OCR's top guess at their slot. */
  private static int corrections(String text, int[] tops) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (ALPHABET.indexOf(text.charAt(i)) != tops[i]) {
        n++;
      }
    }
    return n;
  }

  private static void checkShape(float[][] probs) {
    if (probs.length != SLOTS || probs[0].length != ALPHABET.length()) {
      throw new IllegalArgumentException("OCR probabilities must be [" + SLOTS + "][" + ALPHABET.length()
          + "], got [" + probs.length + "][" + (probs.length == 0 ? 0 : probs[0].length) + "]");
    }
  }

  private static int[] tops(float[][] probs) {
    int[] tops = new int[SLOTS];
    for (int i = 0; i < SLOTS; i++) {
      tops[i] = argmax(probs[i], 0);
    }
    return tops;
  }

  /**
   * The characters of the top row followed by those of the bottom row, padded to {@link #SLOTS}: a row's
   * characters are its leading slots whose top guess is not padding. Null when a row is empty or both together
   * are longer than the slots.
   */
  static float[][] joinRows(float[][] top, float[][] bottom) {
    int nt = leadingChars(tops(top));
    int nb = leadingChars(tops(bottom));
    if (nt == 0 || nb == 0 || nt + nb > SLOTS) {
      return null;
    }
    float[][] out = new float[SLOTS][];
    for (int i = 0; i < nt; i++) {
      out[i] = top[i];
    }
    for (int i = 0; i < nb; i++) {
      out[nt + i] = bottom[i];
    }
    for (int i = nt + nb; i < SLOTS; i++) {
      out[i] = new float[ALPHABET.length()];
      out[i][PAD] = 1f;
    }
    return out;
  }

  /** How many leading slots the OCR reads as characters, given their top guesses ({@link #tops}). */
  private static int leadingChars(int[] tops) {
    int n = 0;
    while (n < tops.length && tops[n] != PAD) {
      n++;
    }
    return n;
  }

  /**
   * The most probable plain read of {@link #minLength} (4 by default) to 9 characters, its length chosen with the
   * padding probabilities.
   */
  Reading freeRead(float[][] p, int[] tops) {
    Reading best = null;
    for (int len = minLength; len <= FREE_MAX; len++) {
      StringBuilder text = new StringBuilder();
      double[] conf = new double[len];
      double score = 1;
      boolean ok = true;
      for (int i = 0; i < SLOTS && ok; i++) {
        int top = tops[i];
        if (i < len) {
          int c = argmax(p[i], 1);
          ok = c == top || p[i][c] >= correctionFloor;
          text.append(ALPHABET.charAt(c));
          conf[i] = p[i][c];
          score *= p[i][c];
        } else {
          ok = top == PAD || p[i][PAD] >= correctionFloor;
          score *= p[i][PAD];
        }
      }
      if (ok && (best == null || score > best.score())) {
        best = new Reading(text.toString(), conf, null, score, score);
      }
    }
    return best;
  }

  /** 1 when the box has the format's shape (or either is unknown), less the further the two ratios are apart. */
  /**
   * The free read of a plate read by rows (its two rows' characters joined) against the free read of its line: a
   * square plate whose rows no known format tells apart (a Danish {@code GA 78 / 862}, a format missing from the
   * catalogue) is read as its rows say. Each is weighted by how well the box's shape fits the rules' formats of
   * its kind (the nearest two-row format, the nearest one-row one), so a one-row plate's line wins on its shape.
   */
  private Reading freeOfRowsOrLine(Reading line, Reading rows, double boxAspect) {
    if (rows == null) {
      return line;
    }
    double forRows = 0;
    double forLine = 0;
    for (Fit f : formats) {
      double w = shapeLikelihood(boxAspect, f.aspect());
      if (f.rows() == 2) {
        forRows = Math.max(forRows, w);
      } else {
        forLine = Math.max(forLine, w);
      }
    }
    if (forRows == 0) {   // rules without two-row formats (free reads only) read lines
      return line;
    }
    return line == null || rows.score() * forRows > line.score() * forLine ? rows : line;
  }

  static double shapeLikelihood(double boxAspect, double formatAspect) {
    if (!(boxAspect > 0) || !(formatAspect > 0) || Double.isInfinite(boxAspect)) {
      return 1;
    }
    double d = Math.log(boxAspect / formatAspect) / SHAPE_SIGMA;
    return Math.exp(-0.5 * d * d);
  }

  static int argmax(float[] v, int from) {
    int best = from;
    for (int i = from + 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * A format as a sequence of tokens; a token is a single position with its allowed characters, or a
   * {@code {choice}} group whose strings are scored whole (so only listed combinations are read).
   *
   * @param bottomLength characters of a two-row format's bottom row (0 for one row)
   * @param share the share of its profile's plates this variant holds, as the generator draws them
   */
  private record Fit(String id, List<List<String>> tokens, int length, double aspect, int rows, int bottomLength,
                     boolean clutterLeft, boolean clutterRight, Set<String> captionsLeft, boolean[][] sameGlyphs,
                     PlateCheck check, double share, int[][][] codes) {

    Fit(String id, List<List<String>> tokens, int length, double aspect, int rows, int bottomLength,
        boolean clutterLeft, boolean clutterRight, Set<String> captionsLeft, boolean[][] sameGlyphs,
        PlateCheck check, double share) {
      this(id, tokens, length, aspect, rows, bottomLength, clutterLeft, clutterRight, captionsLeft, sameGlyphs,
          check, share, codes(tokens));
    }

    /**
     * How much this format counts against other formats, 1/{@code formatPrior} to 1: a variant that holds
     * {@link #FULL_SHARE} or more of its profile's plates counts fully, one that holds {@code FULL_SHARE /
     * formatPrior} or less weighs against a common one as a read of no format does against a format; linearly
     * between.
     */
    double weight(double formatPrior) {
      return Math.max(1 / formatPrior, Math.min(1, share / FULL_SHARE));
    }

    /** The tokens' options as alphabet indices: {@code codes[token][option][char]}. */
    private static int[][][] codes(List<List<String>> tokens) {
      int[][][] out = new int[tokens.size()][][];
      for (int t = 0; t < out.length; t++) {
        List<String> options = tokens.get(t);
        out[t] = new int[options.size()][];
        for (int o = 0; o < options.size(); o++) {
          out[t][o] = options.get(o).chars().map(ALPHABET::indexOf).toArray();
        }
      }
      return out;
    }

    /**
     * A fit per variant of the profile's optional positions ({@link PlateProfile#variants}) that can be read, each
     * with the share of the profile's plates its variant holds as the generator draws them ({@link
     * PlateTexts#textsOfEach}: every plate of a profile about equally likely, as where numbers are issued in series).
     */
    static List<Fit> of(PlateProfile p) {
      List<List<String>> variants = p.variants();
      double[] texts = PlateTexts.textsOfEach(p, variants);
      double all = 0;
      for (double t : texts) {
        all += t;
      }
      List<Fit> out = new ArrayList<>();
      for (int i = 0; i < texts.length; i++) {
        Fit f = of(p, variants.get(i), all > 0 ? texts[i] / all : 1);
        if (f != null) {
          out.add(f);
        }
      }
      return out;
    }

    static Fit of(PlateProfile p, List<String> rowPatterns, double share) {
      List<List<String>> tokens = new ArrayList<>();
      int len = 0;
      int topLength = 0;
      for (String row : rowPatterns) {
        topLength = len;   // after the loop: the characters of every row but the last
        for (int i = 0; i < row.length(); i++) {
          char c = row.charAt(i);
          if (c == '{') {
            int end = row.indexOf('}', i);
            List<String> values = p.choices().get(row.substring(i + 1, end));
            i = end;
            if (values.stream().allMatch(PlateProfile::isSeparator)) {
              continue;   // a separator choice (dot or dash): drawn on the plate, never read
            }
            List<String> options = values.stream().filter(FormatRules::inAlphabet).toList();
            if (options.isEmpty()) {
              return null;
            }
            tokens.add(options);
            len += options.get(0).length();
          } else if (p.alphabet().containsKey(c)) {
            List<String> options = p.alphabet().get(c).chars().mapToObj(ch -> String.valueOf((char) ch))
                .filter(FormatRules::inAlphabet).toList();
            if (options.isEmpty()) {
              return null;
            }
            tokens.add(options);
            len++;
          }
        }
      }
      double aspect = p.heightMm() > 0 ? p.widthMm() / p.heightMm() : Double.NaN;
      int rows = rowPatterns.size();
      // a variant shorter than the lane's shortest plate (German M A 1, Swiss ZH 1 under the default 4) is left out
      // by the rules (minLength), as it would make a plate of a fragment read as a car enters
      if (len < 1 || len > SLOTS || rows > 2) {
        return null;
      }
      boolean[] sides = clutterBeside(p);
      return new Fit(p.id(), List.copyOf(tokens), len, aspect, rows, rows == 2 ? len - topLength : 0, sides[0],
          sides[1], FormatRules.captionsLeft(p), FormatRules.sameGlyphs(p), p.check(), share);
    }

    /** Whether a text is this format as it stands: each character allowed where it is, choices as listed. */
    boolean accepts(String text) {
      if (text.length() != length) {
        return false;
      }
      int pos = 0;
      for (List<String> options : tokens) {
        int len = options.getFirst().length();
        if (!options.contains(text.substring(pos, pos + len))) {
          return false;
        }
        pos += len;
      }
      return check == null || check.valid(text);
    }

    /**
     * This format's best reading of a read, or null when none fits (each slot's character as the format allows it,
     * look-alikes weighed; a character the OCR read otherwise must reach the floor).
     *
     * @param glyphs the glyph probabilities of the read {@code p} is a view of, its slot {@code i} at {@code i +
     *     offset} there ({@code p}'s slots from the format's length on are padding or the read's own)
     */
    Reading read(float[][] p, Glyphs glyphs, int offset, int[] tops, double floor) {
      // what the loops below refuse on, checked first where it costs little: most formats are of another length than
      // the read, refused here (a rules set of the world tries some 200 formats on each crop of each plate)
      for (int i = length; i < SLOTS; i++) {
        if (tops[i] != PAD && p[i][PAD] < floor) {   // a character past the format's end
          return null;
        }
      }
      for (int i = 0; i < length; i++) {
        // padding where the format has a character, so sure that no character, look-alikes added, reaches the floor
        if (tops[i] == PAD && characterMass(p[i]) < floor) {
          return null;
        }
      }
      // each token's likeliest option, as the format allows it
      int[][] chosen = new int[codes.length][];
      int pos = 0;
      for (int t = 0; t < codes.length; t++) {
        double chosenScore = -1;
        for (int[] o : codes[t]) {
          double s = optionScore(glyphs, offset + pos, o);
          if (s > chosenScore) {
            chosenScore = s;
            chosen[t] = o;
          }
        }
        pos += chosen[t].length;
      }
      Reading best = reading(p, glyphs, offset, tops, floor, chosen);
      if (check == null || best != null && check.valid(best.text())) {
        return best;
      }
      return checked(p, glyphs, offset, tops, floor, chosen);
    }

    /**
     * The likeliest reading whose last character is the one the check rule computes from the rest, one token away
     * from the likeliest options {@code chosen}: the check character as computed, or one other character changed so
     * that the check holds for the check character as read. Null when none passes the floor. At most every option
     * of every token once: a few hundred products of ten numbers.
     */
    private Reading checked(float[][] p, Glyphs glyphs, int offset, int[] tops, double floor, int[][] chosen) {
      Reading best = null;
      for (int t = 0; t < chosen.length; t++) {
        int[] was = chosen[t];
        for (int[] o : codes[t]) {
          if (o == was || o.length != was.length) {
            continue;
          }
          chosen[t] = o;
          Reading r = reading(p, glyphs, offset, tops, floor, chosen);
          if (r != null && check.valid(r.text()) && (best == null || r.score() > best.score())) {
            best = r;
          }
        }
        chosen[t] = was;
      }
      return best;
    }

    /** The product of the glyph probabilities of one option of a token at slot {@code at}. */
    private static double optionScore(Glyphs glyphs, int at, int[] option) {
      double s = 1;
      for (int k = 0; k < option.length; k++) {
        s *= glyphs.of(at + k, option[k]);
      }
      return s;
    }

    /**
     * The reading of the options {@code chosen} of each token, or null where a character the OCR did not see there is
     * under the floor.
     */
    private Reading reading(float[][] p, Glyphs glyphs, int offset, int[] tops, double floor, int[][] chosen) {
      char[] text = new char[length];
      double[] conf = new double[length];
      double score = 1;
      double evidence = 1;
      int pos = 0;
      for (int[] option : chosen) {
        double tokenScore = 1;
        for (int k = 0; k < option.length; k++) {
          float[] slot = p[pos + k];
          int c = option[k];
          double glyph = glyphs.of(offset + pos + k, c);
          if (c != tops[pos + k] && glyph < floor) {   // the OCR saw another glyph there
            return null;
          }
          conf[pos + k] = glyph;
          tokenScore *= glyph;
          evidence *= glyphEvidence(slot, c, sameGlyphs);
          text[pos + k] = ALPHABET.charAt(c);
        }
        score *= tokenScore;
        pos += option.length;
      }
      for (int i = length; i < SLOTS; i++) {
        score *= p[i][PAD];
        evidence *= p[i][PAD];
      }
      return new Reading(new String(text), conf, id, score, evidence);
    }

    /**
     * The most any character can have of a slot ({@link #glyphProbability}: its own probability plus less than all
     * of its look-alikes', never more than all the slot's characters together), a hair over to stay on the safe
     * side of rounding.
     */
    private static double characterMass(float[] slot) {
      double m = 0;
      for (int c = PAD + 1; c < slot.length; c++) {
        m += slot[c];
      }
      return m + 1e-9;
    }
  }

  /**
   * Whether the profile prints something left and right of its first row of characters, level with it: a band
   * with a country code, a coat of arms, a caption. Only such things explain an extra character at that edge of a
   * read ({@link #withEdgesDropped}).
   */
  static boolean[] clutterBeside(PlateProfile p) {
    io.vertx.core.json.JsonArray row = firstRowBox(p);
    boolean[] out = new boolean[2];
    if (row == null) {
      return out;
    }
    for (String kind : List.of("rects", "labels", "emblems")) {
      for (Object o : p.render().getJsonArray(kind, new io.vertx.core.json.JsonArray())) {
        int side = sideOf(o, row);
        out[0] |= side < 0;
        out[1] |= side > 0;
      }
    }
    return out;
  }

  /** The box of the profile's first row of characters ({@code render.rows[0].box}), or null. */
  private static io.vertx.core.json.JsonArray firstRowBox(PlateProfile p) {
    io.vertx.core.json.JsonArray rows = p.render().getJsonArray("rows");
    return rows == null || rows.isEmpty() ? null : rows.getJsonObject(0).getJsonArray("box");
  }

  /**
   * Where a drawn item ({@code {box, ...}}) lies beside a row's box: -1 left of it and level with it, 1 right of
   * it and level, 0 otherwise.
   */
  private static int sideOf(Object item, io.vertx.core.json.JsonArray row) {
    io.vertx.core.json.JsonArray b = item instanceof io.vertx.core.json.JsonObject j ? j.getJsonArray("box") : null;
    if (b == null || b.size() != 4 || b.getDouble(1) >= row.getDouble(3) || b.getDouble(3) <= row.getDouble(1)) {
      return 0;
    }
    return b.getDouble(2) <= row.getDouble(0) + 1 ? -1 : b.getDouble(0) >= row.getDouble(2) - 1 ? 1 : 0;
  }

  /**
   * The texts of the captions the profile prints left of its first row of characters and level with it (a label
   * of {@code render.labels}: Sri Lanka's province letters, a band's country code), as the OCR's alphabet spells
   * them, at most {@link #MAX_EDGE_DROP} characters long: what a read may begin with that is not the plate.
   */
  static Set<String> captionsLeft(PlateProfile p) {
    io.vertx.core.json.JsonArray row = firstRowBox(p);
    if (row == null) {
      return Set.of();
    }
    Set<String> out = new java.util.TreeSet<>();
    for (Object o : p.render().getJsonArray("labels", new io.vertx.core.json.JsonArray())) {
      if (!(o instanceof io.vertx.core.json.JsonObject label) || sideOf(label, row) >= 0) {
        continue;
      }
      for (Object t : label.getJsonArray("texts", new io.vertx.core.json.JsonArray())) {
        String text = t instanceof String s ? io.lanekeeper.plates.PlateText.fold(s) : "";
        if (!text.isEmpty() && text.length() <= MAX_EDGE_DROP && inAlphabet(text)) {
          out.add(text);
        }
      }
    }
    return Set.copyOf(out);
  }

  /**
   * A registration as a person typed it, split from the caption its plate prints beside it: Sri Lanka's province
   * letters ({@code WP CAB-1234}) are printed left of the registration ({@code CAB-1234}), which is unique across the
   * country without them, and the engine reads the plate without them ({@link #captionsLeft}).
   *
   * @param caption the caption as typed ({@code WP})
   * @param registration the plate text without it ({@code CAB1234}): what the engine reads and the matcher compares
   * @param format the built-in format whose plates print that caption beside that registration
   */
  public record Captioned(String caption, String registration, String format) {
  }

  /**
   * The registration inside plate text a person typed with a caption in front ({@link Captioned}), or null when the
   * text is not that: it is when the text fits no built-in format whole, while a built-in format that prints a
   * caption left of its text fits the rest and lists what was cut off as one of its captions, whole (a single letter
   * of a two-letter caption is the OCR's half read, never a person's typing). So {@code WPCAB1234} is Sri Lanka's
   * {@code CAB1234}; {@code BAB1234} fits Germany's format whole and stays as it is.
   *
   * @param text plate text as {@link io.lanekeeper.plates.PlateText#normalize} gives it
   */
  public static Captioned captioned(String text) {
    if (text == null || text.length() < 3) {
      return null;
    }
    Captioned found = captionFit(text);
    if (found == null) {
      return null;
    }
    for (PlateProfile p : io.lanekeeper.plates.PlateProfiles.builtIn().all()) {
      if (p.printed(text) != null) {
        return null;   // a plate of some format as typed: the caption is part of it there
      }
    }
    return found;
  }

  /** The first built-in format that prints a caption {@code text} begins with and fits the rest, or null. */
  private static Captioned captionFit(String text) {
    for (var e : CaptionedFormats.ALL.entrySet()) {
      for (String caption : e.getValue()) {
        if (text.length() > caption.length() && text.startsWith(caption)
            && e.getKey().printed(text.substring(caption.length())) != null) {
          return new Captioned(caption, text.substring(caption.length()), e.getKey().id());
        }
      }
    }
    return null;
  }

  /** The built-in formats that print a caption left of their text, with their captions (for {@link #captioned}). */
  private static final class CaptionedFormats {
    static final Map<PlateProfile, Set<String>> ALL = load();

    private static Map<PlateProfile, Set<String>> load() {
      Map<PlateProfile, Set<String>> m = new java.util.LinkedHashMap<>();
      for (PlateProfile p : io.lanekeeper.plates.PlateProfiles.builtIn().all()) {
        Set<String> captions = captionsLeft(p);
        if (!captions.isEmpty()) {
          m.put(p, captions);
        }
      }
      return java.util.Collections.unmodifiableMap(m);
    }
  }

  private static float[] dropped(double pad) {
    float[] s = new float[ALPHABET.length()];
    s[PAD] = (float) pad;
    return s;
  }

  private static int[] lookAlikes(String... pairs) {
    int[] m = new int[ALPHABET.length()];
    java.util.Arrays.fill(m, -1);
    for (String pair : pairs) {
      int a = ALPHABET.indexOf(pair.charAt(0));
      int b = ALPHABET.indexOf(pair.charAt(1));
      if (m[a] < 0) {
        m[a] = b;
      }
      if (m[b] < 0) {
        m[b] = a;
      }
    }
    return m;
  }

  private static int[][] sameGlyphs() {
    int[][] m = new int[ALPHABET.length()][];
    for (int c = 0; c < m.length; c++) {
      final int target = c;
      m[c] = java.util.stream.IntStream.range(1, ALPHABET.length()).filter(d -> LOOK_ALIKE[d] == target).toArray();
    }
    return m;
  }

  /**
   * A read's {@link #glyphProbability} per slot and character, each computed the first time a format asks for it:
   * the formats of a lane ask for the same few hundred, many of them thousands of times (a district list).
   */
  static final class Glyphs {
    private final float[][] probs;
    private final double[][] cache;

    Glyphs(float[][] probs) {
      this.probs = probs;
      this.cache = new double[probs.length][];
    }

    double of(int slot, int c) {
      double[] row = cache[slot];
      if (row == null) {
        row = new double[ALPHABET.length()];
        java.util.Arrays.fill(row, -1);
        cache[slot] = row;
      }
      double g = row[c];
      if (g < 0) {
        g = glyphProbability(probs[slot], c);
        row[c] = g;
      }
      return g;
    }
  }

  /**
   * The probability that a slot shows character {@code c}: its own, plus {@link #LOOK_ALIKE_WEIGHT} of each
   * character of the other class drawn with the same glyph ({@link #SAME_GLYPH}), since the format tells them
   * apart where the OCR cannot.
   */
  static double glyphProbability(float[] slot, int c) {
    double p = slot[c];
    for (int d : SAME_GLYPH[c]) {
      p += LOOK_ALIKE_WEIGHT * slot[d];
    }
    return Math.min(1.0, p);
  }

  /**
   * The probability the OCR itself gives a slot showing {@code c}, with the shares of its look-alikes: {@link
   * #SAME_GLYPH_SHARE} of those the format's typeface draws alike ({@code sameGlyphs[c][d]}, from the profile's
   * {@code render.text.sameGlyphs}: Brazil's Mandatory typeface draws O like 0), {@link #OTHER_SHARE} of the others.
   */
  static double glyphEvidence(float[] slot, int c, boolean[][] sameGlyphs) {
    double p = slot[c];
    for (int d : SAME_GLYPH[c]) {
      p += (sameGlyphs[c][d] ? SAME_GLYPH_SHARE : OTHER_SHARE) * slot[d];
    }
    return Math.min(1.0, p);
  }

  /**
   * The pairs of characters a profile's typeface draws alike, both ways, as a matrix over {@link #ALPHABET}:
   * {@link #COMMON_SAME_GLYPHS} and the profile's own ({@code "render": {"text": {"sameGlyphs": ["D0", "Q0"]}}}:
   * Brazil's Mandatory typeface draws its O as a rounded rectangle, read as D or Q as often as O).
   */
  static boolean[][] sameGlyphs(PlateProfile p) {
    boolean[][] m = new boolean[ALPHABET.length()][ALPHABET.length()];
    for (String pair : COMMON_SAME_GLYPHS) {
      m[ALPHABET.indexOf(pair.charAt(0))][ALPHABET.indexOf(pair.charAt(1))] = true;
      m[ALPHABET.indexOf(pair.charAt(1))][ALPHABET.indexOf(pair.charAt(0))] = true;
    }
    io.vertx.core.json.JsonObject text = p.render().getJsonObject("text");
    io.vertx.core.json.JsonArray pairs = text == null ? null : text.getJsonArray("sameGlyphs");
    if (pairs == null) {
      return m;
    }
    for (int i = 0; i < pairs.size(); i++) {
      String pair = String.valueOf(pairs.getValue(i));
      int a = pair.length() == 2 ? ALPHABET.indexOf(pair.charAt(0)) : -1;
      int b = pair.length() == 2 ? ALPHABET.indexOf(pair.charAt(1)) : -1;
      if (a <= PAD || b <= PAD) {
        throw new IllegalArgumentException("plate profile " + p.id() + ": render.text.sameGlyphs[" + i
            + "] must be two letters or digits, got '" + pair + "'");
      }
      m[a][b] = true;
      m[b][a] = true;
    }
    return m;
  }

  private static boolean inAlphabet(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (ALPHABET.indexOf(s.charAt(i)) <= PAD) {
        return false;
      }
    }
    return !s.isEmpty();
  }
}
