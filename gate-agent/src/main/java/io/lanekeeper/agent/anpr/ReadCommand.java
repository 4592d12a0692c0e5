package io.lanekeeper.agent.anpr;

import io.lanekeeper.anpr.AnprConfig;
import io.lanekeeper.anpr.DjlPlateRecognizer;
import io.lanekeeper.anpr.ImageRejectedException;
import io.lanekeeper.anpr.RecognizedPlate;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code anpr read [--formats a,b] [--config FILE] IMAGE...}: one JSON object per image on its own line. A file
 * that cannot be read gives an error object and exit code 1 once all files are done.
 */
public final class ReadCommand {

  static final String USAGE = "usage: anpr read [--formats a,b] [--config FILE] [--detector F] [--ocr F] "
      + "[--decoder opencv|imageio] IMAGE...";

  private ReadCommand() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  public static int run(String[] args, PrintStream out) {
    CliOptions o;
    AnprConfig cfg;
    try {
      o = CliOptions.parse(args, Set.of(), Set.of());
      cfg = o.config();
    } catch (IllegalArgumentException | IOException e) {
      out.println(new JsonObject().put("error", e.getMessage()).put("usage", USAGE).encode());
      return 2;
    }
    if (o.positional.isEmpty()) {
      out.println(new JsonObject().put("error", "no image given").put("usage", USAGE).encode());
      return 2;
    }
    int rc = 0;
    try (DjlPlateRecognizer r = new DjlPlateRecognizer(cfg)) {
      List<String> formats = o.formats();
      r.rulesFor(formats);
      for (String f : o.positional) {
        JsonObject line = new JsonObject().put("file", f);
        try {
          List<RecognizedPlate> plates = r.recognize(Files.readAllBytes(Path.of(f)), formats);
          JsonArray arr = new JsonArray();
          plates.forEach(p -> arr.add(toJson(p)));
          line.put("plates", arr);
        } catch (ImageRejectedException | IOException e) {
          line.put("error", e.getMessage());
          rc = 1;
        }
        out.println(line.encode());
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      out.println(new JsonObject().put("error", e.getMessage()).encode());
      return 2;
    }
    return rc;
  }

  static JsonObject toJson(RecognizedPlate p) {
    JsonArray cc = new JsonArray();
    for (double c : p.charConfidences()) {
      cc.add(round(c));
    }
    return new JsonObject()
        .put("plate", p.text())
        .put("printed", io.lanekeeper.plates.PlateProfiles.builtIn().printed(p.format(), p.text()))
        .put("confidence", round(p.confidence()))
        .put("charConfidences", cc)
        .put("box", p.box().toJson())
        .put("format", p.format())
        .put("detectionScore", round(p.detectionScore()));
  }

  static double round(double d) {
    return Math.round(d * 10000) / 10000.0;
  }
}
