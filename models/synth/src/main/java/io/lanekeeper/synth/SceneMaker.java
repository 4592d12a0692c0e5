package io.lanekeeper.synth;

import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateTexts;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Detector samples: 1 to 3 cars with plates on a background, the plates 60 px to 60% of the
 * frame wide, then the same camera effects as the crops over the whole frame. Optionally every frame has one size
 * ({@code --frame}), and a share of the plates ({@code --small}) are far cars' plates, 60 to 120 px wide, as a
 * wide view over a parking lot sees them.
 */
final class SceneMaker {

  private static final double CAR_WIDTH_MM = 1750;
  private static final int MAX_RENDER_W = 420;

  private final ProfileSampler profiles;
  private final Backgrounds backgrounds;
  private final PlateRenderer renderer = new PlateRenderer();
  private final boolean clean;
  private final int[] frameSize;
  private final double small;
  private final double badges;

  /**
   * @param frameSize every frame's width and height, px, or null for the backgrounds' own sizes
   * @param small the share of plates drawn 60 to 120 px wide (0: none; the others as without it)
   * @param badges the share of cars that carry lettering that is not their plate ({@link Vehicles#badges}; 0: none,
   *     and the scenes are drawn as without it)
   */
  SceneMaker(ProfileSampler profiles, Backgrounds backgrounds, boolean clean, int[] frameSize, double small,
             double badges) {
    this.profiles = profiles;
    this.backgrounds = backgrounds;
    this.clean = clean;
    this.frameSize = frameSize;
    this.small = small;
    this.badges = badges;
  }

  /**
   * A plate's axis-aligned box in the frame; text {@code ?} when unknown, and the profile it was drawn from (null for
   * a background's own plates).
   */
  record Label(int x, int y, int w, int h, String text, String profile) {
  }

  record Scene(BufferedImage image, List<Label> labels, float quality) {
  }

  /**
   * One scene from {@code rnd}; the lettering of {@code badges} draws from {@code letteringRnd} alone, so that a scene
   * drawn with lettering is the scene drawn without it, its cars lettered: the same plates in the same places.
   */
  Scene make(RandomGenerator rnd, RandomGenerator letteringRnd) {
    Backgrounds.Frame bg = backgrounds.next(rnd, frameSize);
    BufferedImage frame = bg.image();
    int fw = frame.getWidth();
    int fh = frame.getHeight();
    List<double[]> taken = new ArrayList<>();
    for (int[] b : bg.boxes()) {
      taken.add(new double[] {b[0] - b[2] * 0.2, b[1] - b[3] * 0.5, b[0] + b[2] * 1.2, b[1] + b[3] * 1.5});
    }
    List<Label> labels = new ArrayList<>();
    int wanted = 1 + (rnd.nextDouble() < 0.5 ? 0 : rnd.nextInt(3));
    double smallestH = Double.MAX_VALUE;
    Boolean far = null;   // whether the plate being placed is a far car's; decided once per plate, not per try
    for (int tries = 0; labels.size() < wanted && tries < 30; tries++) {
      if (far == null) {
        far = small > 0 && rnd.nextDouble() < small;
      }
      PlateProfile p = profiles.pick(rnd);
      double pw;
      if (far) {
        pw = 60 + rnd.nextDouble() * 60;
      } else {
        // each failed placement tries a smaller plate: big cars rarely fit beside real ones
        double maxW = (labels.isEmpty() && wanted == 1 ? 0.6 : 0.3) * fw * Math.pow(0.85, tries / 3);
        // log-uniform leaning large (u^0.7): gate cameras see plates of 150-800 px more than tiny ones
        pw = 60 * Math.pow(Math.max(61, maxW) / 60, Math.pow(rnd.nextDouble(), 0.7));
      }
      double ph = pw * p.heightMm() / p.widthMm();
      if (ph > fh * 0.5) {
        continue;
      }
      double px = pw / 2 + 4 + rnd.nextDouble() * (fw - pw - 8);
      // cars stand on the ground: plates mostly in the lower two thirds of the frame; far cars nearer the horizon
      double top = Math.min(fh * (far ? 0.25 : 0.3), fh - ph - 8);
      double bottom = far ? Math.max(top + 1, fh * 0.75 - ph - 8) : fh - ph - 8;
      double py = ph / 2 + 4 + top + rnd.nextDouble() * (bottom - top);
      double cw = pw * CAR_WIDTH_MM / p.widthMm();
      double[] car = {px - cw * 0.6, py - cw * 0.8, px + cw * 0.6, py + cw * 0.4};
      if (taken.stream().anyMatch(t -> overlaps(t, car))) {
        continue;
      }
      taken.add(car);
      Vehicles.paint(frame, px, py, cw, rnd);
      if (badges > 0 && letteringRnd.nextDouble() < badges) {
        Vehicles.badges(frame, px, py, pw, ph, cw, letteringRnd);
      }
      PlateTexts.Printed text = profiles.text(p, rnd);
      int renderW = (int) Math.min(MAX_RENDER_W, Math.max(40, Math.ceil(pw)));
      BufferedImage plate = renderer.render(p, text, renderW, rnd).image();
      double[] quad;
      if (clean) {
        quad = new double[] {px - pw / 2, py - ph / 2, px + pw / 2, py - ph / 2,
            px + pw / 2, py + ph / 2, px - pw / 2, py + ph / 2};
      } else {
        Camera.dirt(plate, rnd);
        quad = Warp.randomQuad(px, py, pw, ph, 0.6, rnd);
      }
      Vehicles.mount(frame, quad, px, py, rnd);
      Warp.draw(plate, frame, quad);
      double[] box = {Math.max(0, Warp.min(quad, 0)), Math.max(0, Warp.min(quad, 1)),
          Math.min(fw, Warp.max(quad, 0)), Math.min(fh, Warp.max(quad, 1))};
      if (!clean) {
        Camera.light(frame, box, rnd);
      }
      int x0 = (int) Math.floor(box[0]);
      int y0 = (int) Math.floor(box[1]);
      labels.add(new Label(x0, y0, (int) Math.ceil(box[2]) - x0, (int) Math.ceil(box[3]) - y0, text.text(),
          p.id()));
      smallestH = Math.min(smallestH, box[3] - box[1]);
      far = null;
    }
    for (int[] b : bg.boxes()) {
      labels.add(new Label(b[0], b[1], b[2], b[3], "?", null));
    }
    float quality = 0.92f;
    if (!clean) {
      Camera.optics(frame, Math.min(smallestH, 60), rnd);
      quality = 0.5f + (float) rnd.nextDouble() * 0.45f;
    }
    return new Scene(frame, labels, quality);
  }

  private static boolean overlaps(double[] a, double[] b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }
}
