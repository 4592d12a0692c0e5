package io.lanekeeper.plates;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plate formats the product knows: {@code plates/index.json} on the classpath lists the
 * profile files. Selections name profile ids ({@code br-mercosur}), countries ({@code BR}, ISO 3166-1 alpha-2,
 * with the aliases of {@code plates/regions.json}: {@code UK}, {@code EL}) or regions ({@code EU}, {@code US},
 * {@code LATAM}: {@code plates/regions.json}).
 */
public final class PlateProfiles {

  private final Map<String, PlateProfile> byId;
  private final Map<String, List<String>> regions;
  private final Map<String, String> aliases;

  private PlateProfiles(Map<String, PlateProfile> byId, Map<String, List<String>> regions,
                        Map<String, String> aliases) {
    this.byId = byId;
    this.regions = regions;
    this.aliases = aliases;
  }

  public static PlateProfiles builtIn() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final PlateProfiles INSTANCE = load();
  }

  private static PlateProfiles load() {
    JsonArray index = new JsonArray(read("plates/index.json"));
    Map<String, JsonObject> json = new LinkedHashMap<>();
    for (Object f : index) {
      JsonObject j = new JsonObject(read("plates/" + f));
      String id = j.getString("id");
      if (id == null) {
        throw new IllegalStateException("plates/" + f + ": no id");
      }
      if (json.put(id, j) != null) {
        throw new IllegalStateException("duplicate plate profile id " + id);
      }
    }
    Map<String, PlateProfile> m = new LinkedHashMap<>();
    for (JsonObject j : json.values()) {
      PlateProfile p = PlateProfile.fromJson(PlateProfile.withSharedChoices(j, json::get));
      m.put(p.id(), p);
    }
    JsonObject r = new JsonObject(read("plates/regions.json"));
    Map<String, String> aliases = new LinkedHashMap<>();
    r.getJsonObject("aliases", new JsonObject()).forEach(e -> aliases.put(e.getKey(), e.getValue().toString()));
    JsonObject defs = r.getJsonObject("regions");
    Map<String, List<String>> regions = new LinkedHashMap<>();
    for (String name : defs.fieldNames()) {
      regions.put(name, expand(defs, name, new ArrayList<>()));
    }
    return new PlateProfiles(m, regions, aliases);
  }

  /** A region's countries, its {@code @REGION} entries expanded; a cycle or an unknown region is an error. */
  private static List<String> expand(JsonObject defs, String name, List<String> path) {
    if (path.contains(name)) {
      throw new IllegalStateException("plates/regions.json: region " + name + " includes itself via " + path);
    }
    JsonArray a = defs.getJsonArray(name);
    if (a == null) {
      throw new IllegalStateException("plates/regions.json: unknown region @" + name + " in " + path);
    }
    path.add(name);
    List<String> out = new ArrayList<>();
    for (Object o : a) {
      String c = o.toString();
      List<String> add = c.startsWith("@") ? expand(defs, c.substring(1), path) : List.of(c);
      add.stream().filter(x -> !out.contains(x)).forEach(out::add);
    }
    path.remove(name);
    return List.copyOf(out);
  }

  private static String read(String resource) {
    try (InputStream in = PlateProfiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Collection<PlateProfile> all() {
    return byId.values();
  }

  public PlateProfile get(String id) {
    return byId.get(id);
  }

  /**
   * A plate text as the format it was read in prints it ({@link PlateProfile#printed}): the text itself when the
   * format is null or unknown, or the text does not fit it.
   */
  public String printed(String formatId, String text) {
    PlateProfile p = formatId == null || text == null ? null : byId.get(formatId);
    String printed = p == null ? null : p.printed(text);
    return printed == null ? text : printed;
  }

  /** The region names, in the order of {@code plates/regions.json}. */
  public List<String> regions() {
    return List.copyOf(regions.keySet());
  }

  /** The countries of a region ({@code EU}), expanded; null when no such region. */
  public List<String> region(String name) {
    return regions.get(name.toUpperCase(java.util.Locale.ROOT));
  }

  /** The country codes that have at least one profile, in profile order. */
  public List<String> countries() {
    return byId.values().stream().map(PlateProfile::country).distinct().toList();
  }

  /**
   * The country a code names, aliases resolved ({@code UK} is {@code GB}), upper case.
   */
  public String country(String code) {
    String c = code.toUpperCase(java.util.Locale.ROOT);
    return aliases.getOrDefault(c, c);
  }

  /**
   * The profiles a selection names: profile ids, country codes or regions; an empty selection means all.
   *
   * @throws IllegalArgumentException naming the first entry that is none of these, or a region of which no
   *     country has a profile
   */
  public List<PlateProfile> select(List<String> names) {
    if (names == null || names.isEmpty()) {
      return List.copyOf(byId.values());
    }
    List<PlateProfile> out = new ArrayList<>();
    for (String n : names) {
      PlateProfile p = byId.get(n);
      if (p != null) {
        if (!out.contains(p)) {
          out.add(p);
        }
        continue;
      }
      List<String> countries = region(n) != null ? region(n) : List.of(country(n));
      List<PlateProfile> hit = byId.values().stream()
          .filter(x -> countries.stream().anyMatch(c -> c.equalsIgnoreCase(x.country()))).toList();
      if (hit.isEmpty()) {
        throw new IllegalArgumentException(region(n) != null
            ? "plate region '" + n + "' has no profile of any of its countries " + countries
            : "unknown plate format '" + n + "': not a profile id, a country with a profile " + countries()
                + " or a region " + regions());
      }
      hit.stream().filter(x -> !out.contains(x)).forEach(out::add);
    }
    return out;
  }
}
