package io.lanekeeper.synth;

import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateProfiles;
import io.lanekeeper.plates.PlateTexts;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The pictures of a gate camera watching a queue: one still background (a wall, a grey road, the barrier post),
 * and cars drawn by the synthetic generator with their plate placed where the caller says. The classes it draws
 * with are package-private; this class lends them to the tests' {@code QueueVideo}.
 *
 * <p>Plates are drawn flat and clean, without the generator's camera effects, so that the engine reads them
 * exactly when a car stands at the barrier: the video tests the camera path, not the OCR.
 */
public final class QueueScene {

  private static final double CAR_WIDTH_MM = 1750;

  private final BufferedImage background;
  private final PlateProfile profile;
  private final PlateRenderer renderer = new PlateRenderer();
  private final SplittableRandom rnd;
  private final int plateWidth;
  private final List<Car> cars = new ArrayList<>();
  private final Set<String> texts = new HashSet<>();

  /** One car: its plate, drawn once at the size it has at the barrier, and the seed of its body's looks. */
  private record Car(String text, BufferedImage plate, long looks) {
  }

  /**
   * A scene of {@code width} x {@code height} whose plates are {@code plateWidth} px wide at the barrier.
   *
   * @param profileId a plate profile of {@code plates/index.json}, e.g. {@code br-mercosur}
   */
  public QueueScene(int width, int height, int plateWidth, String profileId, long seed) {
    this.profile = PlateProfiles.builtIn().get(profileId);
    this.rnd = new SplittableRandom(seed);
    this.plateWidth = plateWidth;
    this.background = paintBackground(width, height, rnd.split());
  }

  /** Adds a car with a plate unlike any before it; returns its index. */
  public int addCar() {
    PlateTexts.Printed text;
    do {
      text = PlateTexts.random(profile, rnd);
    } while (!texts.add(text.text()));
    BufferedImage plate = renderer.render(profile, text, plateWidth, rnd).image();
    cars.add(new Car(text.text(), plate, rnd.nextLong()));
    return cars.size() - 1;
  }

  /** The plate text of car {@code car}, as the controller stores plates. */
  public String plate(int car) {
    return cars.get(car).text();
  }

  /** The empty lane. */
  public BufferedImage empty() {
    return copy(background);
  }

  /**
   * The lane with car {@code car} in it, its plate centred on ({@code px}, {@code py}) and {@code scale} times
   * its barrier size. At scale 1 on whole pixels the plate is copied pixel for pixel: as sharp as drawn.
   */
  public BufferedImage withCar(int car, double px, double py, double scale) {
    Car c = cars.get(car);
    BufferedImage frame = copy(background);
    double pw = c.plate().getWidth() * scale;
    double ph = c.plate().getHeight() * scale;
    // the same seed every frame: the car keeps its shape and colour while it moves
    SplittableRandom looks = new SplittableRandom(c.looks());
    Vehicles.paint(frame, px, py, pw * CAR_WIDTH_MM / profile.widthMm(), looks);
    double x0 = scale == 1 ? Math.round(px - pw / 2) : px - pw / 2;
    double y0 = scale == 1 ? Math.round(py - ph / 2) : py - ph / 2;
    double[] quad = {x0, y0, x0 + pw, y0, x0 + pw, y0 + ph, x0, y0 + ph};
    Vehicles.mount(frame, quad, px, py, looks);
    Warp.draw(c.plate(), frame, quad);
    return frame;
  }

  /** Encodes a frame as the JPEG a camera would send. */
  public static byte[] jpeg(BufferedImage frame) {
    return Jpeg.encode(frame, 0.9f);
  }

  private static BufferedImage paintBackground(int w, int h, SplittableRandom rnd) {
    BufferedImage img = Effects.rgb(w, h);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      double horizon = h * 0.28;
      g.setPaint(new GradientPaint(0, 0, new Color(0xb8bcc0), 0, (float) horizon, new Color(0x8a8e90)));
      g.fill(new Rectangle2D.Double(0, 0, w, horizon));
      g.setPaint(new GradientPaint(0, (float) horizon, new Color(0x55585a), 0, h, new Color(0x6e7072)));
      g.fill(new Rectangle2D.Double(0, horizon, w, h - horizon));
      // kerbs converging on the gate, and the stop line under the barrier
      g.setColor(new Color(0xc8c8c0));
      g.setStroke(new BasicStroke((float) (w * 0.012)));
      g.draw(new Line2D.Double(w * 0.36, horizon, w * 0.02, h));
      g.draw(new Line2D.Double(w * 0.64, horizon, w * 0.98, h));
      g.setStroke(new BasicStroke((float) (h * 0.02)));
      g.draw(new Line2D.Double(w * 0.18, h * 0.8, w * 0.82, h * 0.8));
      // the barrier's post and arm, raised, at the right edge
      g.setColor(new Color(0xe0b020));
      g.fill(new Rectangle2D.Double(w * 0.9, h * 0.3, w * 0.035, h * 0.45));
      g.setColor(new Color(0xf0f0f0));
      g.fill(new Rectangle2D.Double(w * 0.91, h * 0.02, w * 0.015, h * 0.3));
    } finally {
      g.dispose();
    }
    // asphalt grain; the same in every frame, as the background does not move
    Effects.noise(img, 6, false, rnd);
    return img;
  }

  private static BufferedImage copy(BufferedImage src) {
    BufferedImage out = Effects.rgb(src.getWidth(), src.getHeight());
    System.arraycopy(Effects.px(src), 0, Effects.px(out), 0, Effects.px(src).length);
    return out;
  }
}
