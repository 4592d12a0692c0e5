package io.lanekeeper.agent.anpr;

import io.lanekeeper.bus.Box;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A folder in the dev-set format: images ({@code .jpg}, {@code .jpeg}, {@code .png}) and text files whose lines
 * read {@code file <TAB> x <TAB> y <TAB> w <TAB> h <TAB> PLATE}, several lines for several plates. A plate of
 * {@code ?} is a plate nobody could read: it counts for detection only. An image without lines has no plate.
 */
public final class DevSet {

  /** One annotated plate; {@code plate} is normalised (A-Z, 0-9), or null when unreadable. */
  public record Truth(Box box, String plate) {
  }

  /** One image and its plates. */
  public record Sample(Path image, List<Truth> plates) {
  }

  private DevSet() {
  }

  public static List<Sample> load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " is not a folder");
    }
    Map<String, List<Truth>> truth = new LinkedHashMap<>();
    List<Path> images = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.sorted().toList()) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".txt")) {
          List<String> lines = Files.readAllLines(p);
          for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
              String[] f = parseLine(lines.get(i), p.getFileName() + ":" + (i + 1));
              truth.computeIfAbsent(f[0], k -> new ArrayList<>()).add(truth(f));
            }
          }
        } else if (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png")) {
          images.add(p);
        }
      }
    }
    List<Sample> out = new ArrayList<>();
    for (Path img : images) {
      out.add(new Sample(img, List.copyOf(truth.getOrDefault(img.getFileName().toString(), List.of()))));
    }
    return out;
  }

  static String[] parseLine(String line, String where) {
    String[] f = line.strip().split("\t");
    if (f.length != 6) {
      throw new IllegalArgumentException(where + ": expected 6 tab-separated fields (file x y w h plate), got "
          + f.length);
    }
    for (int i = 1; i <= 4; i++) {
      try {
        Integer.parseInt(f[i].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + ": field " + (i + 1) + " must be a whole number, got " + f[i]);
      }
    }
    return f;
  }

  static Truth truth(String[] f) {
    Box b = new Box(Integer.parseInt(f[1].strip()), Integer.parseInt(f[2].strip()), Integer.parseInt(f[3].strip()),
        Integer.parseInt(f[4].strip()));
    String plate = f[5].strip();
    return new Truth(b, plate.equals("?") ? null : normalise(plate));
  }

  /** One row of a crop set's {@code labels.csv}: the image and its plate text, normalised. */
  public record CropLabel(Path image, String plate) {
  }

  /**
   * The rows of a crop set's {@code labels.csv} (columns {@code file} and {@code plate}, others ignored), in file
   * order; rows too short for both columns are left out.
   */
  static List<CropLabel> cropLabels(Path dir) throws IOException {
    Path labels = dir.resolve("labels.csv");
    List<String> lines = Files.readAllLines(labels);
    if (lines.isEmpty()) {
      throw new IOException(labels + " is empty");
    }
    List<String> header = List.of(lines.getFirst().split(","));
    int file = header.indexOf("file");
    int plate = header.indexOf("plate");
    if (file < 0 || plate < 0) {
      throw new IOException(labels + ": needs columns file and plate");
    }
    List<CropLabel> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      if (f.length > Math.max(file, plate)) {
        out.add(new CropLabel(dir.resolve(f[file]), normalise(f[plate])));
      }
    }
    return out;
  }

  /** Upper case, letters and digits only. */
  public static String normalise(String s) {
    return s == null ? null : s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
  }
}
