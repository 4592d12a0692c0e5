package io.lanekeeper.synth;

import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateTexts;
import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/**
 * OCR samples without a full scene: a plate warped onto a patch of car body, degraded, and cut
 * out the way a detector's box would cut it (a loose, slightly off-centre box).
 */
final class CropMaker {

  private final ProfileSampler profiles;
  private final PlateRenderer renderer;
  private final Backgrounds backgrounds;
  private final boolean clean;
  private final double logMinWidth;
  private final double logMaxWidth;

  /**
   * {@code width}: the plate's narrowest and widest width in camera px (log-uniform between); ignored when clean.
   * {@code cornerShare}: the share of plates in a constructed typeface drawn with tighter corners (0: none);
   * {@code altShare}: the share drawn with other forms of I, 1 and M (0: none).
   */
  CropMaker(ProfileSampler profiles, Backgrounds backgrounds, boolean clean, int[] width, double cornerShare,
            double altShare) {
    this.renderer = new PlateRenderer(cornerShare, altShare);
    this.profiles = profiles;
    this.backgrounds = backgrounds;
    this.clean = clean;
    this.logMinWidth = Math.log(width[0]);
    this.logMaxWidth = Math.log(width[1]);
  }

  /**
   * One crop: the image, its plate text, the text of each row ({@code CAB|1234}), its profile, and the rows as
   * printed ({@code MÜAB|1234}: letters outside A-Z as on the plate).
   */
  record Crop(BufferedImage image, String text, String rows, PlateProfile profile, float quality, String printed) {
  }

  /** One crop; the other glyph forms ({@code altShare}) drawn from {@code glyphRnd} alone. */
  Crop make(RandomGenerator rnd, RandomGenerator glyphRnd) {
    PlateProfile p = profiles.pick(rnd);
    PlateTexts.Printed text = profiles.text(p, rnd);
    // the plate's width in camera pixels; rendering a little larger and warping straight down to it
    // keeps every later step at camera resolution, which is what makes crops cheap
    double target = clean ? 240 : Math.exp(logMinWidth + rnd.nextDouble() * (logMaxWidth - logMinWidth));
    int renderW = (int) Math.max(40, Math.min(320, target * (1 + rnd.nextDouble() * 0.6)));
    BufferedImage img = renderer.render(p, text, renderW, rnd, glyphRnd).image();
    double tw = target;
    double th = target * img.getHeight() / img.getWidth();
    double[] quad = clean
        ? new double[] {-tw / 2, -th / 2, tw / 2, -th / 2, tw / 2, th / 2, -tw / 2, th / 2}
        : Warp.randomQuad(0, 0, tw, th, rnd.nextDouble() < 0.3 ? 0.3 : 1.0, rnd);
    double padX = (Warp.max(quad, 0) - Warp.min(quad, 0)) * 0.22 + 2;
    double padY = (Warp.max(quad, 1) - Warp.min(quad, 1)) * 0.22 + 2;
    double ox = padX - Warp.min(quad, 0);
    double oy = padY - Warp.min(quad, 1);
    for (int i = 0; i < 8; i += 2) {
      quad[i] += ox;
      quad[i + 1] += oy;
    }
    double[] box = {Warp.min(quad, 0), Warp.min(quad, 1), Warp.max(quad, 0), Warp.max(quad, 1)};
    BufferedImage canvas = Effects.rgb((int) Math.ceil(box[2] + padX), (int) Math.ceil(box[3] + padY));
    Surfaces.bodyPatch(canvas, box, rnd);
    if (backgrounds.hasImages() && rnd.nextDouble() < 0.3) {
      backgrounds.patch(canvas, rnd);
    }
    if (!clean) {
      Camera.dirt(img, rnd);
    }
    Warp.draw(img, canvas, quad);
    if (clean) {
      return new Crop(cut(canvas, box, rnd), text.text(), text.rowTexts(), p, 0.95f, text.printed());
    }
    Camera.light(canvas, box, rnd);
    Camera.optics(canvas, box[3] - box[1], rnd);
    return new Crop(cut(canvas, box, rnd), text.text(), text.rowTexts(), p, Camera.jpegQuality(rnd), text.printed());
  }

  /** The plate box with 0-15% margin per side, sometimes shifted a little, clipped to the canvas. */
  private static BufferedImage cut(BufferedImage canvas, double[] box, RandomGenerator rnd) {
    double bw = box[2] - box[0];
    double bh = box[3] - box[1];
    double l = box[0] - bw * rnd.nextDouble() * 0.15;
    double r = box[2] + bw * rnd.nextDouble() * 0.15;
    double t = box[1] - bh * rnd.nextDouble() * 0.15;
    double b = box[3] + bh * rnd.nextDouble() * 0.15;
    if (rnd.nextDouble() < 0.15) {
      double sx = bw * (rnd.nextDouble() - 0.5) * 0.06;
      double sy = bh * (rnd.nextDouble() - 0.5) * 0.1;
      l += sx;
      r += sx;
      t += sy;
      b += sy;
    }
    int x0 = Math.max(0, (int) Math.floor(l));
    int y0 = Math.max(0, (int) Math.floor(t));
    int x1 = Math.min(canvas.getWidth(), (int) Math.ceil(r));
    int y1 = Math.min(canvas.getHeight(), (int) Math.ceil(b));
    return Resample.crop(canvas, x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
  }
}
