package io.lanekeeper.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the secrets a lane's configuration and a camera's errors carry (a camera URL's password, an RTSP address
 * with its credentials in ffmpeg's stderr, {@code password=} or {@code token=} values, a key named like a password)
 * before they are shown, published, logged or audited. The database's {@code lk_redact} (migration V6) applies the
 * same rules to the audit of lanes; {@code RedactionTest} holds both to the same samples.
 *
 * <p>Errs on the side of hiding: a parameter that merely ends like a secret ({@code bypass=1}) is masked too.
 */
public final class Redaction {

  /** What a secret becomes. A value sent back with it in place keeps the stored secret ({@link #restore}). */
  public static final String MASK = "***";

  private static final String SECRET_WORDS = "password|passwd|pass|pwd|pw|secret|token|api[_-]?key";

  /**
   * {@code scheme://user:password@}: the password, everything up to the last {@code @} of the URL (ffmpeg and most
   * clients split there, so {@code p@ss} or {@code ab'cd} are whole passwords); not a port ({@code :8080/path@x}).
   */
  private static final Pattern URL_PASSWORD = Pattern.compile(
      "(\\b[a-z][a-z0-9+.-]*://[^\\s/:@\"'<>]*:)(?!\\d+(?:/|\\s|$))(\\S+)(?=@[^\\s@]*(?:\\s|$))",
      Pattern.CASE_INSENSITIVE);
  /** {@code password=...}, {@code user-pw=...}, {@code access_token=...}: the value. */
  private static final Pattern PARAMETER = Pattern.compile(
      "((?<![a-z0-9_.-])[a-z0-9_.-]*(?:" + SECRET_WORDS + ")=)([^&;\\s\"',)<>]+)", Pattern.CASE_INSENSITIVE);
  /** An HTTP Authorization header quoted in an error: the credentials. */
  private static final Pattern AUTHORIZATION =
      Pattern.compile("(authorization:\\s*(?:basic|bearer|digest)\\s+)([^\\s\"',]+)", Pattern.CASE_INSENSITIVE);
  private static final List<Pattern> IN_TEXT = List.of(URL_PASSWORD, PARAMETER, AUTHORIZATION);

  /** A command-line flag whose next argument is a secret ({@code --password x}, {@code -pw x}). */
  private static final Pattern SECRET_FLAG =
      Pattern.compile("--?[a-z0-9_.-]*(?:" + SECRET_WORDS + ")", Pattern.CASE_INSENSITIVE);
  private static final Pattern SECRET_KEY = Pattern.compile("(?:password|passwd|passphrase|pwd|secret|token|apikey)$"
      + "|^(?:pass|pw)$");

  private Redaction() {
  }

  /** Free text (an error, a log line, a URL, stderr) with every secret in it masked. */
  public static String text(String s) {
    return s == null ? null : spans(s, Redaction::mask);
  }

  /** A copy of a JSON object (a lane, a camera status) with every secret in it masked, however deep. */
  public static JsonObject json(JsonObject j) {
    if (j == null) {
      return null;
    }
    JsonObject out = new JsonObject();
    j.forEach(e -> out.put(e.getKey(), value(e.getKey(), null, e.getValue())));
    return out;
  }

  /**
   * The object an admin sent back, with each value that is exactly the masked form of the stored value at the same
   * place put back to the stored value: a round trip of an edit form keeps the secrets it was shown masked. A value
   * that changed around the mask (a new host with {@code :***@}) keeps its mask; {@link #maskedAt} finds it.
   */
  public static JsonObject restore(JsonObject incoming, JsonObject stored) {
    JsonObject out = new JsonObject();
    incoming.forEach(e -> out.put(e.getKey(), restored(e.getKey(), null, e.getValue(),
        stored == null ? null : stored.getValue(e.getKey()))));
    return out;
  }

  /** The path of the first secret that is still the mask itself ({@code camera.url}), or null for none. */
  public static String maskedAt(JsonObject j) {
    for (var e : j) {
      String at = maskedAt(e.getKey(), null, e.getValue());
      if (at != null) {
        return at.isEmpty() ? e.getKey() : e.getKey() + at;
      }
    }
    return null;
  }

  private static Object value(String key, Object previous, Object v) {
    if (v instanceof String s) {
      return leaf(key, previous, s);
    }
    if (v instanceof JsonObject o) {
      return json(o);
    }
    if (v instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      for (int i = 0; i < a.size(); i++) {
        out.add(value(null, i == 0 ? null : a.getValue(i - 1), a.getValue(i)));
      }
      return out;
    }
    return v;
  }

  /** A string in its place: under a key named like a secret, after a flag naming one, or free text. */
  private static String leaf(String key, Object previous, String s) {
    return secretPlace(key, previous) ? mask(s) : text(s);
  }

  private static boolean secretPlace(String key, Object previous) {
    return (key != null && SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT).replaceAll("[-_.]", "")).find())
        || (previous instanceof String p && SECRET_FLAG.matcher(p).matches());
  }

  private static Object restored(String key, Object previous, Object in, Object stored) {
    if (in instanceof String s && s.contains(MASK) && stored instanceof String st
        && leaf(key, previous, st).equals(s)) {
      return st;
    }
    if (in instanceof JsonObject o) {
      return restore(o, stored instanceof JsonObject so ? so : null);
    }
    if (in instanceof JsonArray a) {
      JsonArray sa = stored instanceof JsonArray x ? x : null;
      JsonArray out = new JsonArray();
      for (int i = 0; i < a.size(); i++) {
        out.add(restored(null, i == 0 ? null : a.getValue(i - 1), a.getValue(i),
            sa != null && i < sa.size() ? sa.getValue(i) : null));
      }
      return out;
    }
    return in;
  }

  /** "" when the value itself is a secret left masked, a sub-path (".url", "[2]") below it, null when none is. */
  private static String maskedAt(String key, Object previous, Object v) {
    if (v instanceof String s) {
      if (secretPlace(key, previous)) {
        return s.equals(MASK) ? "" : null;
      }
      boolean[] found = {false};
      spans(s, secret -> {
        found[0] |= secret.equals(MASK);
        return secret;
      });
      return found[0] ? "" : null;
    }
    if (v instanceof JsonObject o) {
      String at = maskedAt(o);
      return at == null ? null : "." + at;
    }
    if (v instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        String at = maskedAt(null, i == 0 ? null : a.getValue(i - 1), a.getValue(i));
        if (at != null) {
          return "[" + i + "]" + at;
        }
      }
    }
    return null;
  }

  private static String mask(String secret) {
    return secret.isEmpty() ? secret : MASK;
  }

  /** Each secret span of the text replaced by what {@code f} makes of it. */
  private static String spans(String s, UnaryOperator<String> f) {
    String out = s;
    for (Pattern p : IN_TEXT) {
      Matcher m = p.matcher(out);
      if (!m.find()) {
        continue;
      }
      StringBuilder b = new StringBuilder(out.length());
      do {
        m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + f.apply(m.group(2))));
      } while (m.find());
      out = m.appendTail(b).toString();
    }
    return out;
  }
}
