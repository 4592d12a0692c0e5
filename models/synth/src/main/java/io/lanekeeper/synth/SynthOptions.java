package io.lanekeeper.synth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options of {@code anpr synth}, validated; errors name the bad option. */
record SynthOptions(Path out, int scenes, int crops, List<String> profiles, Map<String, Double> weights,
                    Path backgrounds, long seed, int threads, boolean clean) {

  static final String USAGE = """
      usage: anpr synth --out DIR [--crops N] [--scenes N] [--profiles id,id|COUNTRY] [--weights id=3,...]
                        [--backgrounds DIR] [--seed S] [--threads T] [--clean]""";

  static SynthOptions parse(String[] args) {
    Path out = null;
    int scenes = 0;
    int crops = 0;
    List<String> profiles = List.of();
    Map<String, Double> weights = new LinkedHashMap<>();
    Path backgrounds = null;
    long seed = 1;
    int threads = Runtime.getRuntime().availableProcessors();
    boolean clean = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--scenes" -> scenes = count(value(args, ++i, a), a);
        case "--crops" -> crops = count(value(args, ++i, a), a);
        case "--profiles" -> profiles = Arrays.stream(value(args, ++i, a).split(",")).map(String::trim)
            .filter(s -> !s.isEmpty()).toList();
        case "--weights" -> weights = weights(value(args, ++i, a));
        case "--backgrounds" -> {
          backgrounds = Path.of(value(args, ++i, a));
          if (!Files.isDirectory(backgrounds)) {
            throw new IllegalArgumentException("--backgrounds: " + backgrounds + " is not a directory");
          }
        }
        case "--seed" -> {
          String v = value(args, ++i, a);
          try {
            seed = Long.parseLong(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed: not an integer: " + v);
          }
        }
        case "--threads" -> {
          threads = count(value(args, ++i, a), a);
          if (threads < 1) {
            throw new IllegalArgumentException("--threads: must be at least 1");
          }
        }
        case "--clean" -> clean = true;
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("--out is required");
    }
    if (scenes == 0 && crops == 0) {
      throw new IllegalArgumentException("--scenes or --crops: nothing to generate (both are 0)");
    }
    return new SynthOptions(out, scenes, crops, profiles, weights, backgrounds, seed, threads, clean);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + ": missing value");
    }
    return args[i];
  }

  private static int count(String v, String option) {
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new IllegalArgumentException(option + ": must not be negative: " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": not an integer: " + v);
    }
  }

  private static Map<String, Double> weights(String v) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String part : v.split(",")) {
      String[] kv = part.split("=");
      if (kv.length != 2) {
        throw new IllegalArgumentException("--weights: expected id=weight, got '" + part + "'");
      }
      try {
        double w = Double.parseDouble(kv[1].trim());
        if (w < 0) {
          throw new NumberFormatException();
        }
        m.put(kv[0].trim(), w);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--weights: not a non-negative number in '" + part + "'");
      }
    }
    return m;
  }

  /** Profile ids named in --weights that the selection does not contain. */
  List<String> unknownWeights(List<String> selectedIds) {
    List<String> out = new ArrayList<>();
    for (String k : weights.keySet()) {
      if (!selectedIds.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }
}
