package io.lanekeeper.agent.anpr;

import io.lanekeeper.anpr.AnprConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command-line options the ANPR tools share: {@code --config FILE} (the application configuration, whose
 * {@code anpr} object is used, or a bare {@code anpr} object), {@code --formats a,b}, and overrides of single
 * keys: {@code --detector}, {@code --ocr}, {@code --decoder}, {@code --engine}, {@code --threads}.
 */
final class CliOptions {

  private static final Set<String> OVERRIDES = Set.of("detector", "ocr", "refiner", "decoder", "engine");

  final Map<String, String> named = new LinkedHashMap<>();
  final List<String> positional = new ArrayList<>();

  static CliOptions parse(String[] args, Set<String> valued, Set<String> flags) {
    CliOptions o = new CliOptions();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--")) {
        String name = a.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (flags.contains(name)) {
          o.named.put(name, "true");
        } else if (valued.contains(name) || OVERRIDES.contains(name) || name.equals("config")
            || name.equals("formats") || name.equals("threads")) {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            value = args[++i];
          }
          o.named.put(name, value);
        } else {
          throw new IllegalArgumentException("unknown option --" + name);
        }
      } else {
        o.positional.add(a);
      }
    }
    return o;
  }

  List<String> formats() {
    String f = named.get("formats");
    if (f == null || f.isBlank()) {
      return List.of();
    }
    return Arrays.stream(f.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * The shortest reading of the lanes a tool reads as ({@code --min-length N}, a lane's {@code read.minLength} where
   * below the default): 1 to {@link io.lanekeeper.anpr.FormatRules#SLOTS}, {@link
   * io.lanekeeper.anpr.FormatRules#DEFAULT_MIN_LENGTH} when not given.
   */
  int minLength() {
    int n = intOption("min-length", io.lanekeeper.anpr.FormatRules.DEFAULT_MIN_LENGTH);
    if (n < 1 || n > io.lanekeeper.anpr.FormatRules.SLOTS) {
      throw new IllegalArgumentException("--min-length must be 1 to " + io.lanekeeper.anpr.FormatRules.SLOTS
          + ", got " + n);
    }
    return n;
  }

  int intOption(String name, int def) {
    String v = named.get(name);
    if (v == null) {
      return def;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option --" + name + " must be a whole number, got " + v);
    }
  }

  /** A number option from {@code min} to {@code max}; {@code def} when not given. */
  double decimalOption(String name, double def, double min, double max) {
    String v = named.get(name);
    if (v == null) {
      return def;
    }
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option --" + name + " must be a number, got " + v);
    }
    if (!(d >= min && d <= max)) {
      throw new IllegalArgumentException("option --" + name + " must be " + min + " to " + max + ", got " + v);
    }
    return d;
  }

  AnprConfig config() throws IOException {
    JsonObject j = new JsonObject();
    String file = named.get("config");
    if (file != null) {
      JsonObject all = new JsonObject(Files.readString(Path.of(file)));
      j = all.containsKey("anpr") ? all.getJsonObject("anpr").copy() : all;
    }
    for (String k : OVERRIDES) {
      if (named.containsKey(k)) {
        j.put(k, named.get(k));
      }
    }
    if (named.containsKey("threads")) {
      j.put("threads", intOption("threads", 1));
    }
    return AnprConfig.from(j);
  }
}
