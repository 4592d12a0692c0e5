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
 * profile files. Selections name profile ids ({@code br-mercosur}) or countries ({@code BR}).
 */
public final class PlateProfiles {

  private final Map<String, PlateProfile> byId;

  private PlateProfiles(Map<String, PlateProfile> byId) {
    this.byId = byId;
  }

  public static PlateProfiles builtIn() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final PlateProfiles INSTANCE = load();
  }

  private static PlateProfiles load() {
    JsonArray index = new JsonArray(read("plates/index.json"));
    Map<String, PlateProfile> m = new LinkedHashMap<>();
    for (Object f : index) {
      PlateProfile p = PlateProfile.fromJson(new JsonObject(read("plates/" + f)));
      if (m.put(p.id(), p) != null) {
        throw new IllegalStateException("duplicate plate profile id " + p.id());
      }
    }
    return new PlateProfiles(m);
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
   * The profiles a selection names: ids or country codes; an empty selection means all.
   *
   * @throws IllegalArgumentException naming the first unknown entry
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
      List<PlateProfile> country = byId.values().stream().filter(x -> x.country().equalsIgnoreCase(n)).toList();
      if (country.isEmpty()) {
        throw new IllegalArgumentException("unknown plate format '" + n + "' (known: ids " + byId.keySet()
            + " or their country codes)");
      }
      country.stream().filter(x -> !out.contains(x)).forEach(out::add);
    }
    return out;
  }
}
