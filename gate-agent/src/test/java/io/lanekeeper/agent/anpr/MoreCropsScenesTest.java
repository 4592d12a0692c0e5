package io.lanekeeper.agent.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.anpr.AnprConfig;
import io.lanekeeper.anpr.DjlPlateRecognizer;
import io.lanekeeper.anpr.RecognizedPlate;
import io.lanekeeper.anpr.StageTimes;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plate's other crops (the detector's box, the inverted crop) are read only when its own crop's reading is not
 * sure ({@code anpr.moreCropsBelow}): measured on generated scenes read as a lane reads them.
 */
class MoreCropsScenesTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("on generated scenes, sure plates skip their other crops: fewer crops, as many plates read right")
  void fewerCropsSameReads() throws Exception {
    AnprConfig always = AnprConfig.from(new JsonObject().put("moreCropsBelow", 1.0));
    AnprConfig sure = AnprConfig.defaults();
    assertThat(sure.moreCropsBelow()).as("the default reads other crops of doubtful plates only").isLessThan(1);
    List<DevSet.Sample> scenes = GeneratedScenes.draw(dir, 4242);
    int[] all = read(always, scenes);
    int[] some = read(sure, scenes);
    System.out.printf("generated scenes: %d crops for %d boxes, %d plates right, reading every crop; %d crops, %d"
        + " right, other crops of doubtful plates only (%d boxes read from their own crop alone)%n", all[0], all[1],
        all[2], some[0], some[2], some[3]);
    assertThat(some[1]).as("boxes").isEqualTo(all[1]);
    assertThat(all[0]).as("every box's own crop and its inverted one at least").isGreaterThanOrEqualTo(2 * all[1]);
    assertThat(some[3]).as("boxes read from their own crop alone").isPositive();
    // each of those saves its inverted crop at least; the others read as many crops as before
    assertThat(some[0]).as("crops read").isLessThanOrEqualTo(all[0] - some[3]);
    assertThat(some[2]).as("plates read right (%d reading every crop)", all[2]).isGreaterThanOrEqualTo(all[2] - 1);
  }

  @Test
  @DisplayName("a box whose own crop is not sure reads in two batches exactly what one batch of all its crops reads")
  void twoBatchesReadAsOne() throws Exception {
    List<DevSet.Sample> scenes = GeneratedScenes.draw(dir, 4243);
    int frames = 0;
    int plates = 0;
    // so sure that hardly a box is: nearly every box reads its own crop, then its others in a second batch
    try (DjlPlateRecognizer one = new DjlPlateRecognizer(AnprConfig.from(new JsonObject().put("moreCropsBelow", 1)));
         DjlPlateRecognizer two = new DjlPlateRecognizer(AnprConfig.from(
             new JsonObject().put("moreCropsBelow", 0.999999)))) {
      for (DevSet.Sample scene : scenes) {
        byte[] frame = Files.readAllBytes(scene.image());
        StageTimes t1 = new StageTimes();
        StageTimes t2 = new StageTimes();
        List<RecognizedPlate> a = one.recognize(frame, List.of(), t1);
        List<RecognizedPlate> b = two.recognize(frame, List.of(), t2);
        if (t2.ownCropOnly() > 0) {
          continue;   // a box read sure from its own crop reads that crop's reading: not the same question
        }
        frames++;
        plates += a.size();
        assertThat(t2.ocrCrops()).as("crops of %s", scene.image()).isEqualTo(t1.ocrCrops());
        assertThat(b).as("plates of %s", scene.image()).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
          assertThat(b.get(i).text()).isEqualTo(a.get(i).text());
          assertThat(b.get(i).format()).isEqualTo(a.get(i).format());
          assertThat(b.get(i).confidence()).isEqualTo(a.get(i).confidence());
          assertThat(b.get(i).charConfidences()).containsExactly(a.get(i).charConfidences());
          assertThat(b.get(i).box()).isEqualTo(a.get(i).box());
        }
      }
    }
    System.out.printf("two batches against one: %d of %d frames compared, %d plates%n", frames, scenes.size(), plates);
    assertThat(frames).as("frames compared").isGreaterThanOrEqualTo(12);
    assertThat(plates).as("plates compared").isGreaterThanOrEqualTo(12);
  }

  @Test
  @DisplayName("the suite's modes, read at once, each read what a lane of that mode alone reads, rows included")
  void modesReadAsLanesAlone() throws Exception {
    // India's two-row plates are 2:1, the shape of a US plate, which a lane without formats reads as one row and a
    // lane hinted to India by rows; the suite reads them once for its three modes
    GeneratedScenes.synth(dir, "--crops", "40", "--profiles", "in-2", "--clean", "--seed", "4244");
    int differ = 0;
    int rowsForOneMode = 0;
    try (DjlPlateRecognizer r = new DjlPlateRecognizer(AnprConfig.defaults())) {
      List<io.lanekeeper.anpr.FormatRules> modes = List.of(r.rulesFor(List.of()), r.freeReadRules(),
          r.rulesFor(List.of("IN")));
      for (DevSet.CropLabel crop : DevSet.cropLabels(dir.resolve("crops"))) {
        byte[] bytes = Files.readAllBytes(crop.image());
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(crop.image().toFile());
        List<io.lanekeeper.bus.Box> whole = List.of(new io.lanekeeper.bus.Box(0, 0, img.getWidth(), img.getHeight()));
        double aspect = (double) img.getWidth() / img.getHeight();
        rowsForOneMode += modes.get(0).readsRows(aspect) != modes.get(2).readsRows(aspect) ? 1 : 0;
        List<List<RecognizedPlate>> together = r.recognizeModes(bytes, modes, whole, new StageTimes());
        List<String> byMode = new java.util.ArrayList<>();
        for (int m = 0; m < modes.size(); m++) {
          List<RecognizedPlate> alone = r.recognizeModes(bytes, List.of(modes.get(m)), whole, new StageTimes())
              .getFirst();
          assertThat(texts(together.get(m))).as("mode %d of %s", m, crop.image()).isEqualTo(texts(alone));
          byMode.add(texts(alone).toString());
        }
        differ += byMode.get(0).equals(byMode.get(2)) ? 0 : 1;
      }
    }
    // the question is asked: some crops are read by rows for one mode and not the other, and some read otherwise
    assertThat(rowsForOneMode).as("crops read by rows for the hinted lane only").isPositive();
    assertThat(differ).as("crops the default and the hinted lane read otherwise").isPositive();
  }

  /** Each plate's text, format and confidence, in the engine's order. */
  private static List<String> texts(List<RecognizedPlate> plates) {
    return plates.stream().map(p -> p.text() + " " + p.format() + " " + p.confidence() + " " + p.box()).toList();
  }

  /** OCR crops read, boxes, plates read exactly, and boxes read from their own crop alone. */
  private static int[] read(AnprConfig cfg, List<DevSet.Sample> scenes) throws Exception {
    int crops = 0;
    int boxes = 0;
    int right = 0;
    int sure = 0;
    try (DjlPlateRecognizer r = new DjlPlateRecognizer(cfg)) {
      for (DevSet.Sample scene : scenes) {
        StageTimes t = new StageTimes();
        List<RecognizedPlate> read = r.recognize(Files.readAllBytes(scene.image()), List.of(), t);
        crops += t.ocrCrops();
        boxes += t.boxes();
        for (DevSet.Truth plate : scene.plates()) {
          right += read.stream().anyMatch(p -> p.text().equals(plate.plate()) && p.box().iou(plate.box()) >= 0.3)
              ? 1 : 0;
        }
        sure += t.ownCropOnly();
      }
    }
    return new int[] {crops, boxes, right, sure};
  }
}
