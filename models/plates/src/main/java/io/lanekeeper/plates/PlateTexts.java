package io.lanekeeper.plates;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random plate texts that fit a profile's row patterns: what the generator prints and the benches register. The
 * plate text itself (what is stored and compared) is {@link PlateText}'s; this is a plate as printed, row by row.
 */
public final class PlateTexts {

  private PlateTexts() {
  }

  /** A random plate of this profile as the controller stores it: letters and digits only. */
  public static String randomPlate(PlateProfile p, RandomGenerator rnd) {
    return random(p, rnd).text();
  }

  /**
   * One plate as printed.
   *
   * @param rows the tokens of each row as printed ({@code MÜ}, Cyrillic {@code АВ}), literals included
   * @param text the plate text: letters A-Z and digits only ({@link PlateText#fold folded}), rows in reading order
   */
  public record Printed(List<List<Token>> rows, String text) {

    /** The readable characters of each row, folded to Latin, rows joined by {@code |} ({@code CAB|1234}). */
    public String rowTexts() {
      return PlateText.fold(printed());
    }

    /** The readable characters of each row as printed, rows joined by {@code |} ({@code MÜAB|1234}). */
    public String printed() {
      StringBuilder sb = new StringBuilder();
      for (List<Token> row : rows) {
        if (!sb.isEmpty()) {
          sb.append('|');
        }
        for (Token t : row) {
          if (!t.literal()) {
            sb.append(t.chars());
          }
        }
      }
      return sb.toString();
    }
  }

  /** One printed unit, as printed: a character of the text, a literal, or a choice printed as one string. */
  public record Token(String chars, boolean choice, boolean literal) {
  }

  /**
   * A random plate of the profile: one of its vanity texts with the vanity's weight (one row, letters more often
   * than digits), otherwise a text of its row patterns, drawn from the profile's printed alphabet and choices.
   */
  public static Printed random(PlateProfile p, RandomGenerator rnd) {
    return random(p, rnd, false);
  }

  /**
   * As {@link #random(PlateProfile, RandomGenerator)}, with {@code evenLengths} each variant drawn as often as any
   * other (a 1-digit number as often as a 5-digit one): a draw that must hold short plates, as for a lane that reads
   * them, or a test of one.
   */
  public static Printed random(PlateProfile p, RandomGenerator rnd, boolean evenLengths) {
    PlateProfile.Vanity vanity = p.vanity();
    if (vanity != null && rnd.nextDouble() < vanity.weight()) {
      int len = vanity.min() + rnd.nextInt(vanity.max() - vanity.min() + 1);
      StringBuilder text = new StringBuilder();
      List<Token> row = new ArrayList<>();
      for (int i = 0; i < len; i++) {
        char ch = rnd.nextInt(4) == 0 ? PlateProfile.DIGITS.charAt(rnd.nextInt(10))
            : PlateProfile.LETTERS.charAt(rnd.nextInt(26));
        row.add(new Token(String.valueOf(ch), false, false));
        text.append(ch);
      }
      return new Printed(List.of(row), text.toString());
    }
    List<List<Token>> rows = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    List<List<String>> variants = p.variants();
    int variant = variants.size() == 1 ? 0 : evenLengths ? rnd.nextInt(variants.size()) : pick(p, variants, rnd);
    for (String pattern : variants.get(variant)) {
      List<Token> row = new ArrayList<>();
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c == '{') {
          int end = pattern.indexOf('}', i);
          List<String> vals = p.printedChoices().get(pattern.substring(i + 1, end));
          String v = vals.get(rnd.nextInt(vals.size()));
          // a choice without letters or digits is a separator (a dot or a dash): drawn, not read
          boolean separator = PlateProfile.isSeparator(v);
          row.add(new Token(v, !separator, separator));
          if (!separator) {
            text.append(PlateText.fold(v));
          }
          i = end;
        } else if (p.printedAlphabet().containsKey(c)) {
          String allowed = p.printedAlphabet().get(c);
          char ch = allowed.charAt(rnd.nextInt(allowed.length()));
          row.add(new Token(String.valueOf(ch), false, false));
          text.append(PlateText.fold(String.valueOf(ch)));
        } else {
          row.add(new Token(String.valueOf(c), false, true));
        }
      }
      rows.add(row);
    }
    if (p.check() != null) {
      withCheck(p.check(), rows, text);
    }
    return new Printed(rows, text.toString());
  }

  /**
   * One of a profile's variants (its optional positions present or left out), each as likely as the texts it can
   * print: every plate of the profile about equally likely, as where numbers are issued in series. Abu Dhabi's
   * 1-digit numbers are then 9 of its 99,999, not one in five; a profile whose variants print as many texts each
   * draws them evenly.
   */
  static int pick(PlateProfile p, List<List<String>> variants, RandomGenerator rnd) {
    double[] texts = textsOfEach(p, variants);
    double[] upTo = new double[texts.length];
    double total = 0;
    for (int i = 0; i < upTo.length; i++) {
      total += texts[i];
      upTo[i] = total;
    }
    double u = rnd.nextDouble() * total;
    for (int i = 0; i < upTo.length - 1; i++) {
      if (u < upTo[i]) {
        return i;
      }
    }
    return upTo.length - 1;
  }

  /**
   * How many texts each of a profile's variants can print ({@link #texts}), in their order: what a variant's share of
   * the profile's plates is drawn by here, and weighed by in the controller's format rules.
   */
  public static double[] textsOfEach(PlateProfile p, List<List<String>> variants) {
    double[] out = new double[variants.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = texts(p, variants.get(i));
    }
    return out;
  }

  /** How many texts a variant's rows can print: the product of its positions' alphabets and choices. */
  public static double texts(PlateProfile p, List<String> rows) {
    double n = 1;
    for (String pattern : rows) {
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c == '{') {
          int end = pattern.indexOf('}', i);
          n *= p.printedChoices().get(pattern.substring(i + 1, end)).size();
          i = end;
        } else if (p.printedAlphabet().containsKey(c)) {
          n *= p.printedAlphabet().get(c).length();
        }
      }
    }
    return n;
  }

  /**
   * The plate's last character replaced by the one its check rule computes from the rest: drawn first like any
   * other, so that a profile's other plates are drawn as without the rule.
   */
  private static void withCheck(PlateCheck check, List<List<Token>> rows, StringBuilder text) {
    char want = check.expected(text.substring(0, text.length() - 1));
    if (want == PlateCheck.NONE) {
      throw new IllegalStateException("check " + check.id() + " computes on no plate like " + text);
    }
    List<Token> last = rows.getLast();
    for (int i = last.size() - 1; i >= 0; i--) {
      if (!last.get(i).literal()) {
        last.set(i, new Token(String.valueOf(want), false, false));
        text.setCharAt(text.length() - 1, want);
        return;
      }
    }
  }
}
