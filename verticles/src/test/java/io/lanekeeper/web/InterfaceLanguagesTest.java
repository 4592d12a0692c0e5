package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every text the page shows goes through {@code t()}, {@code tn()} or {@code mark()} with the English as its key;
 * each catalog under {@code webroot/i18n} must hold exactly those keys (none missing, which would show English in
 * the middle of Portuguese, none left over from a text that changed), with the same {@code {placeholders}}, and a
 * plural form for each {@code tn()}.
 */
@DisplayName("The interface's languages")
class InterfaceLanguagesTest {

  private static final Path WEBROOT = Path.of("..", "web-ui", "src", "main", "resources", "webroot");
  private static final String LITERAL = "'(?:[^'\\\\]|\\\\.)*'";
  /** A string argument: literals joined by +. */
  private static final String ARG = "(?:" + LITERAL + "\\s*(?:\\+\\s*)?)+";
  private static final Pattern CALL = Pattern.compile("\\b(t|tn|mark)\\(\\s*(" + ARG + ")((?:,\\s*" + ARG + ")*)");
  private static final Pattern LIT = Pattern.compile(LITERAL);
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\w+}");

  /** The texts of the page's scripts: key to whether it is a plural ({@code tn}), with its English plural. */
  static Map<String, String> texts() throws IOException {
    Map<String, String> keys = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(WEBROOT)) {
      files = s.filter(p -> p.toString().endsWith(".js") && !p.getFileName().toString().equals("i18n.js")).toList();
    }
    assertThat(files).hasSizeGreaterThan(10);
    for (Path f : files) {
      Matcher m = CALL.matcher(Files.readString(f));
      while (m.find()) {
        List<String> args = new java.util.ArrayList<>();
        args.add(join(m.group(2)));
        for (String a : m.group(3).split(",\\s*(?=')")) {
          if (!a.isBlank()) {
            args.add(join(a));
          }
        }
        switch (m.group(1)) {
          case "t" -> keys.putIfAbsent(args.get(0), null);
          case "tn" -> keys.put(args.get(0), args.get(1));
          default -> args.forEach(a -> keys.putIfAbsent(a, null));
        }
      }
    }
    return keys;
  }

  private static String join(String arg) {
    StringBuilder b = new StringBuilder();
    Matcher m = LIT.matcher(arg);
    while (m.find()) {
      b.append(unescape(m.group().substring(1, m.group().length() - 1)));
    }
    return b.toString();
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        if (n == 'u') {
          b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        } else {
          b.append(n);
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static Set<String> placeholders(String s) {
    Set<String> out = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(s);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  @Test
  @DisplayName("Each catalog holds every text of the page, no other, with the same placeholders and plural forms")
  void catalogsComplete() throws IOException {
    Map<String, String> texts = texts();
    assertThat(texts).containsKeys("Dashboard", "Open barrier", "on the deny list", "{n} alert");
    for (String language : Languages.SUPPORTED) {
      if (language.equals(Languages.DEFAULT)) {
        continue;
      }
      JsonObject catalog = new JsonObject(Files.readString(WEBROOT.resolve("i18n").resolve(language + ".json")));
      Set<String> missing = new TreeSet<>(texts.keySet());
      missing.removeAll(catalog.fieldNames());
      Set<String> unused = new TreeSet<>(catalog.fieldNames());
      unused.removeAll(texts.keySet());
      assertThat(missing).as("texts of the page that %s lacks", language).isEmpty();
      assertThat(unused).as("texts of %s the page no longer has", language).isEmpty();
      Set<String> untranslated = new HashSet<>();
      texts.forEach((key, plural) -> {
        Object v = catalog.getValue(key);
        if (plural == null) {
          assertThat(v).as("%s: %s", language, key).isInstanceOf(String.class);
          assertThat(placeholders((String) v)).as("%s: %s", language, key).isEqualTo(placeholders(key));
          if (v.equals(key) && key.matches(".*[a-z]{4,}.*")) {
            untranslated.add(key);
          }
        } else {
          assertThat(v).as("%s: %s", language, key).isInstanceOf(JsonObject.class);
          JsonObject forms = (JsonObject) v;
          assertThat(forms.fieldNames()).as("%s: %s", language, key).contains("one", "other");
          forms.forEach(e -> assertThat(placeholders((String) e.getValue())).as("%s: %s", language, key)
              .isEqualTo(placeholders(plural)));
        }
      });
      // a few words are the same in both (a URL, a name); a long text left in English is a forgotten one
      assertThat(untranslated).as("texts of %s left in English", language).allMatch(k -> k.length() < 16);
    }
  }
}
