package io.lanekeeper.matcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The decisions of each lane since the last summary, for one log line per lane and period instead of a line per car:
 * a controller's log then shows its setup, its faults and its alerts, not thousands of plates a day. Held to the
 * lanes and reasons seen (a reason is one of a fixed few, a fuzzy match's detail cut off), so its memory does not
 * grow with the traffic. Used on the matcher's event loop only.
 */
final class DecisionTally {

  private final Map<String, Lane> lanes = new TreeMap<>();
  private long since = System.nanoTime();

  private static final class Lane {
    long allowed;
    final Map<String, Long> refused = new TreeMap<>();
  }

  /** Counts one decision; {@code reason} as the matcher gives it ("unknown", "deny-listed (1 edit)", ...). */
  void add(String lane, boolean allowed, String reason) {
    Lane l = lanes.computeIfAbsent(lane, k -> new Lane());
    if (allowed) {
      l.allowed++;
    } else {
      l.refused.merge(kind(reason), 1L, Long::sum);
    }
  }

  /** A reason's kind: its words before any detail (a bracket, a colon or a digit). */
  static String kind(String reason) {
    if (reason == null || reason.isBlank()) {
      return "no reason";
    }
    String r = reason.strip();
    int cut = r.length();
    for (int i = 0; i < r.length(); i++) {
      char c = r.charAt(i);
      if (c == '(' || c == ':' || Character.isDigit(c)) {
        cut = i;
        break;
      }
    }
    String k = r.substring(0, cut).strip();
    return k.isEmpty() ? "other" : k.length() > 40 ? k.substring(0, 40) : k;
  }

  /** One line per lane with decisions since the last call (or the start), and a fresh start. */
  List<String> drain() {
    long now = System.nanoTime();
    String period = Math.max(1, Math.round((now - since) / 60e9)) + " min";
    since = now;
    List<String> out = new ArrayList<>(lanes.size());
    lanes.forEach((lane, l) -> {
      long refused = l.refused.values().stream().mapToLong(Long::longValue).sum();
      StringBuilder s = new StringBuilder("Lane ").append(lane).append(", last ").append(period).append(": ")
          .append(l.allowed + refused).append(" decisions, ").append(l.allowed).append(" allowed, ")
          .append(refused).append(" refused");
      if (refused > 0) {
        s.append(" (");
        String sep = "";
        for (var e : l.refused.entrySet()) {
          s.append(sep).append(e.getValue()).append(' ').append(e.getKey());
          sep = ", ";
        }
        s.append(')');
      }
      out.add(s.toString());
    });
    lanes.clear();
    return out;
  }
}
