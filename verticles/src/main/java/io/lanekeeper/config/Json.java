package io.lanekeeper.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of configuration values that fail with the full key path. */
public final class Json {

  private Json() {
  }

  public static JsonObject object(JsonObject j, String path, String key) {
    Object v = j.getValue(key);
    if (v == null) {
      return new JsonObject();
    }
    if (v instanceof JsonObject o) {
      return o;
    }
    throw new ConfigException(path + key, "must be an object");
  }

  public static String string(JsonObject j, String path, String key, String dflt) {
    Object v = j.getValue(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof String s) {
      return s;
    }
    throw new ConfigException(path + key, "must be a string, got " + v);
  }

  public static String requireString(JsonObject j, String path, String key) {
    String s = string(j, path, key, null);
    if (s == null || s.isBlank()) {
      throw new ConfigException(path + key, "is required");
    }
    return s;
  }

  public static long number(JsonObject j, String path, String key, long dflt, long min, long max) {
    Object v = j.getValue(key);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new ConfigException(path + key, "must be a whole number, got " + v);
    }
    long l = n.longValue();
    if (l < min || l > max) {
      throw new ConfigException(path + key, "must be between " + min + " and " + max + ", got " + l);
    }
    return l;
  }

  public static int integer(JsonObject j, String path, String key, int dflt, int min, int max) {
    return (int) number(j, path, key, dflt, min, max);
  }

  public static double decimal(JsonObject j, String path, String key, double dflt, double min, double max) {
    Object v = j.getValue(key);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Number n)) {
      throw new ConfigException(path + key, "must be a number, got " + v);
    }
    double d = n.doubleValue();
    if (d < min || d > max) {
      throw new ConfigException(path + key, "must be between " + min + " and " + max + ", got " + d);
    }
    return d;
  }

  public static boolean bool(JsonObject j, String path, String key, boolean dflt) {
    Object v = j.getValue(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new ConfigException(path + key, "must be true or false, got " + v);
  }

  public static List<String> strings(JsonObject j, String path, String key) {
    Object v = j.getValue(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray a)) {
      throw new ConfigException(path + key, "must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      if (!(a.getValue(i) instanceof String s)) {
        throw new ConfigException(path + key + "[" + i + "]", "must be a string");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  public static <T> T oneOf(String path, String key, String value, List<String> allowed,
      java.util.function.Function<String, T> f) {
    if (!allowed.contains(value)) {
      throw new ConfigException(path + key, "must be one of " + allowed + ", got '" + value + "'");
    }
    return f.apply(value);
  }
}
