package io.lanekeeper.synth;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/**
 * What a parking or street camera does to a plate: dirt on it, light on it, then optics and
 * sensor. Probabilities are tuned so that most samples have two or three mild effects and a few
 * are hard, as in the real sets.
 */
final class Camera {

  private Camera() {
  }

  /** Mud, dust and stains on the plate itself, before it is warped. */
  static void dirt(BufferedImage plate, RandomGenerator rnd) {
    if (rnd.nextDouble() > 0.35) {
      return;
    }
    int w = plate.getWidth();
    int h = plate.getHeight();
    Graphics2D g = plate.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      // SRC_ATOP keeps the transparent corners transparent
      int blobs = 1 + rnd.nextInt(6);
      for (int i = 0; i < blobs; i++) {
        float a = (float) (0.08 + rnd.nextDouble() * 0.25);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_ATOP, a));
        int tone = 60 + rnd.nextInt(80);
        g.setColor(new Color(tone + 30, tone + 15, tone));
        double bw = w * (0.05 + rnd.nextDouble() * 0.4);
        double bh = h * (0.1 + rnd.nextDouble() * 0.6);
        g.fill(new Ellipse2D.Double(rnd.nextDouble() * w - bw / 2, rnd.nextDouble() * h - bh / 2, bw, bh));
      }
      g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_ATOP, 0.5f));
      int specks = rnd.nextInt(40);
      for (int i = 0; i < specks; i++) {
        g.setColor(rnd.nextBoolean() ? new Color(0x3b3025) : new Color(0xd8d0c0));
        double d = 1 + rnd.nextDouble() * w * 0.012;
        g.fill(new Ellipse2D.Double(rnd.nextDouble() * w, rnd.nextDouble() * h, d, d));
      }
    } finally {
      g.dispose();
    }
  }

  /** Light falling on the area around a plate: a cast shadow or a glare spot. */
  static void light(BufferedImage img, double[] box, RandomGenerator rnd) {
    double bw = box[2] - box[0];
    double bh = box[3] - box[1];
    if (rnd.nextDouble() < 0.2) {
      double cx = box[0] + rnd.nextDouble() * bw;
      double cy = box[1] + rnd.nextDouble() * bh;
      int[] region = {(int) (box[0] - bw * 1.5), (int) (box[1] - bw),
          (int) (box[2] + bw * 1.5), (int) (box[3] + bw * 0.5)};
      Effects.shadow(img, cx, cy, rnd.nextDouble() * Math.PI * 2, Math.max(1, bw * rnd.nextDouble() * 0.1),
          0.3 + rnd.nextDouble() * 0.4, region);
    }
    if (rnd.nextDouble() < 0.15) {
      double cx = box[0] + rnd.nextDouble() * bw;
      double cy = box[1] + rnd.nextDouble() * bh;
      Effects.glare(img, cx, cy, bw * (0.1 + rnd.nextDouble() * 0.4), bh * (0.2 + rnd.nextDouble() * 0.6),
          0.4 + rnd.nextDouble() * 0.5);
    }
  }

  /**
   * Optics and sensor over the whole image; {@code plateHeight} (px) scales blur so a small plate
   * is not blurred into nothing.
   *
   * @return whether the image is now grey (infrared look)
   */
  static boolean optics(BufferedImage img, double plateHeight, RandomGenerator rnd) {
    double u = rnd.nextDouble();
    if (u < 0.25) {
      Effects.boxBlur(img, 1 + (int) (rnd.nextDouble() * plateHeight / 45), rnd.nextDouble() < 0.7 ? 1 : 2);
    } else if (u < 0.37) {
      Effects.motionBlur(img, 2 + rnd.nextDouble() * plateHeight / 20, rnd.nextDouble() * Math.PI);
    }
    boolean ir = rnd.nextDouble() < 0.12;
    double v = rnd.nextDouble();
    boolean dark = false;
    if (ir) {
      // infrared cameras light the plate themselves: contrast, not darkness; some render the
      // characters bright on a dark plate, and night-vision monitors tint the picture
      Effects.infrared(img, 4 + rnd.nextDouble() * 5);
      if (rnd.nextDouble() < 0.35) {
        Effects.exposure(img, 1, 1, new double[] {-1, -1, -1});
      }
      if (rnd.nextDouble() < 0.5) {
        Effects.exposure(img, 0.8 + rnd.nextDouble() * 0.3, 1,
            rnd.nextBoolean() ? new double[] {0.55, 1.0, 0.7} : new double[] {1.0, 0.8, 0.85});
      }
    } else if (v < 0.15) {
      dark = true;
      Effects.exposure(img, 0.4 + rnd.nextDouble() * 0.35, 1.1 + rnd.nextDouble() * 0.4,
          new double[] {1.0, 0.95 + rnd.nextDouble() * 0.1, 0.8 + rnd.nextDouble() * 0.3});
    } else if (v < 0.55) {
      Effects.exposure(img, 0.8 + rnd.nextDouble() * 0.45, 0.75 + rnd.nextDouble() * 0.5,
          new double[] {0.92 + rnd.nextDouble() * 0.16, 0.92 + rnd.nextDouble() * 0.16,
              0.92 + rnd.nextDouble() * 0.16});
    }
    if (rnd.nextDouble() < 0.15) {
      Effects.contrast(img, 0.35 + rnd.nextDouble() * 0.4);
    }
    if (rnd.nextDouble() < 0.6) {
      double sigma = dark ? 4 + rnd.nextDouble() * 8 : 1 + rnd.nextDouble() * 6;
      Effects.noise(img, sigma, !ir && rnd.nextBoolean(), rnd);
    }
    return ir;
  }

  /** JPEG quality for a sample: mostly decent, sometimes awful, as street cameras stream. */
  static float jpegQuality(RandomGenerator rnd) {
    double u = rnd.nextDouble();
    return (float) (u < 0.15 ? 0.25 + rnd.nextDouble() * 0.2 : 0.45 + rnd.nextDouble() * 0.5);
  }
}
