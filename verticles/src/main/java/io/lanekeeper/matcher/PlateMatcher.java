package io.lanekeeper.matcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Exact, then bounded Levenshtein matching of a read against the registered plates. A first,
 * linear matcher: fine for thousands of plates; the indexed, look-alike-aware one replaces it.
 */
final class PlateMatcher {

  record Hit(RegisteredPlate plate, int distance) {
  }

  private final List<RegisteredPlate> plates;

  PlateMatcher(List<RegisteredPlate> plates) {
    this.plates = List.copyOf(plates);
  }

  int size() {
    return plates.size();
  }

  /** Every plate within {@code maxDistance} of the read, nearest first. */
  List<Hit> within(String read, int maxDistance) {
    LevenshteinDistance lev = new LevenshteinDistance(maxDistance);
    List<Hit> hits = new ArrayList<>();
    for (RegisteredPlate p : plates) {
      int d = p.plate().equals(read) ? 0 : lev.apply(p.plate(), read);
      if (d >= 0) {
        hits.add(new Hit(p, d));
      }
    }
    hits.sort(Comparator.comparingInt(Hit::distance));
    return hits;
  }
}
