package io.lanekeeper.tracker;

import io.lanekeeper.bus.PlateRead;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-character vote over the reads of one vehicle, weighted by each character's confidence. Reads
 * of the most supported length vote; a position's confidence is the weight of the winning
 * character divided by the number of voting reads, so disagreement lowers it.
 */
public record Consensus(String plate, double confidence, double[] charConfidences, PlateRead best) {

  public static Consensus of(List<PlateRead> reads) {
    Map<Integer, Double> weightByLength = new HashMap<>();
    for (PlateRead r : reads) {
      weightByLength.merge(r.plate().length(), r.confidence(), Double::sum);
    }
    int len = weightByLength.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    List<PlateRead> voters = reads.stream().filter(r -> r.plate().length() == len).toList();
    StringBuilder text = new StringBuilder();
    double[] conf = new double[len];
    double total = 1;
    for (int i = 0; i < len; i++) {
      Map<Character, Double> votes = new HashMap<>();
      for (PlateRead r : voters) {
        double c = i < r.charConfidences().length ? r.charConfidences()[i] : r.confidence();
        votes.merge(r.plate().charAt(i), c, Double::sum);
      }
      Map.Entry<Character, Double> win = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
      text.append(win.getKey());
      conf[i] = win.getValue() / voters.size();
      total *= conf[i];
    }
    String plate = text.toString();
    PlateRead best = reads.stream().filter(r -> r.plate().equals(plate))
        .max((a, b) -> Double.compare(a.confidence(), b.confidence()))
        .orElseGet(() -> reads.stream().max((a, b) -> Double.compare(a.confidence(), b.confidence())).orElseThrow());
    return new Consensus(plate, total, conf, best);
  }
}
