package io.lanekeeper.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the configuration in three layers: {@code conf/default.json} from the classpath, then the
 * files named on the command line, then environment variables {@code LANEKEEPER_*}.
 *
 * <p>An environment variable names a path of keys in upper case joined by underscores;
 * camel-case keys match with or without underscores between their words
 * ({@code LANEKEEPER_HTTP_MAX_FRAME_BYTES} and {@code LANEKEEPER_HTTP_MAXFRAMEBYTES} both set
 * {@code http.maxFrameBytes}). Values are parsed as JSON when they parse, else taken as text.
 */
public final class ConfigLoader {

  public static final String ENV_PREFIX = "LANEKEEPER_";

  private ConfigLoader() {
  }

  public static JsonObject load(Iterable<Path> files, Map<String, String> env) {
    JsonObject conf = defaults();
    for (Path f : files) {
      conf = merge(conf, readFile(f));
    }
    applyEnv(conf, env);
    return conf;
  }

  public static JsonObject defaults() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream("conf/default.json")) {
      if (in == null) {
        throw new IllegalStateException("conf/default.json is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonObject readFile(Path f) {
    String text;
    try {
      text = Files.readString(f);
    } catch (IOException e) {
      throw new ConfigException(f.toString(), "cannot read the file (" + e + ")");
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new ConfigException(f.toString(), "not valid JSON: " + e.getMessage());
    }
  }

  /** Deep merge: objects merge key by key; anything else (arrays included) replaces. */
  public static JsonObject merge(JsonObject base, JsonObject over) {
    JsonObject out = base.copy();
    for (Map.Entry<String, Object> e : over) {
      Object b = out.getValue(e.getKey());
      if (b instanceof JsonObject bo && e.getValue() instanceof JsonObject oo) {
        out.put(e.getKey(), merge(bo, oo));
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  static void applyEnv(JsonObject conf, Map<String, String> env) {
    env.entrySet().stream()
        .filter(e -> e.getKey().startsWith(ENV_PREFIX))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> applyOne(conf, e.getKey(), e.getValue()));
  }

  private static void applyOne(JsonObject conf, String var, String value) {
    String[] parts = var.substring(ENV_PREFIX.length()).split("_");
    JsonObject node = conf;
    int i = 0;
    while (i < parts.length) {
      int[] used = new int[1];
      String key = matchKey(node, parts, i, used);
      if (key == null) {
        throw new ConfigException(var, "no configuration key matches this environment variable");
      }
      i += used[0];
      if (i == parts.length) {
        node.put(key, parseValue(value));
        return;
      }
      Object child = node.getValue(key);
      if (!(child instanceof JsonObject)) {
        if (child == null) {
          child = new JsonObject();
          node.put(key, child);
        } else {
          throw new ConfigException(var, "'" + key + "' is not an object");
        }
      }
      node = (JsonObject) child;
    }
  }

  /** The longest run of parts from {@code from} that spells an existing key, ignoring case. */
  private static String matchKey(JsonObject node, String[] parts, int from, int[] used) {
    StringBuilder sb = new StringBuilder();
    String found = null;
    for (int k = from; k < parts.length; k++) {
      sb.append(parts[k]);
      String candidate = sb.toString().toLowerCase(Locale.ROOT);
      for (String name : node.fieldNames()) {
        if (name.toLowerCase(Locale.ROOT).equals(candidate)) {
          found = name;
          used[0] = k - from + 1;
        }
      }
    }
    return found;
  }

  private static Object parseValue(String v) {
    String t = v.trim();
    if (t.equals("null")) {
      return null;
    }
    if (t.equals("true") || t.equals("false")) {
      return Boolean.parseBoolean(t);
    }
    try {
      if (t.startsWith("{")) {
        return new JsonObject(t);
      }
      if (t.startsWith("[")) {
        return new JsonArray(t);
      }
      if (t.matches("-?\\d+")) {
        return Long.parseLong(t);
      }
      if (t.matches("-?\\d*\\.\\d+([eE]-?\\d+)?")) {
        return Double.parseDouble(t);
      }
    } catch (RuntimeException ignored) {
      // not JSON after all: keep it as text
    }
    return v;
  }
}
