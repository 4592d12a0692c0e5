package io.lanekeeper.testing;

import io.lanekeeper.synth.QueueScene;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A gate camera's video of a queue of cars, written as a folder of 1280x720 JPEG frames ({@code f00000.jpg}, ...)
 * for {@link RtspServer}. After half a second of empty lane, each car drives in (its plate grows and comes down
 * from the upper middle, 1 s), stands at the barrier (2 s), leaves to the right (0.5 s), and the lane stays empty
 * for 0.5 s before the next: 4 s a car.
 *
 * <p>At the barrier every plate is in the same spot: {@value #PLATE_WIDTH} px wide (16% of the frame), centred on
 * (0.5, 0.6) of the frame, flat and sharp. The plates are Brazilian Mercosur ones, the format the engine reads best
 * (dev-br), all different.
 */
public final class QueueVideo {

  public static final int WIDTH = 1280;
  public static final int HEIGHT = 720;
  public static final int PLATE_WIDTH = 205;
  public static final String PROFILE = "br-mercosur";

  private static final double LEAD_S = 0.5;
  private static final double DRIVE_IN_S = 1.0;
  private static final double STOP_S = 2.0;
  private static final double LEAVE_S = 0.5;
  private static final double GAP_S = 0.5;
  private static final double CAR_S = DRIVE_IN_S + STOP_S + LEAVE_S + GAP_S;
  private static final double STOP_X = 0.5 * WIDTH;
  private static final double STOP_Y = 0.6 * HEIGHT;
  private static final double START_Y = 0.3 * HEIGHT;
  private static final double START_SCALE = 0.35;

  private QueueVideo() {
  }

  /**
   * One car's time in the video, in seconds from the first frame: it appears at {@code entersS}, stands still
   * from {@code stopsS} until {@code leavesS}, and is out of the frame from {@code goneS}.
   */
  public record Car(String plate, double entersS, double stopsS, double leavesS, double goneS) {

    /** The middle of the car's stop: the moment to read its plate. */
    public double standingS() {
      return (stopsS + leavesS) / 2;
    }
  }

  /** What was written: the folder, its frame rate and count, and the cars in order. */
  public record Video(Path frames, int fps, int frameCount, List<Car> cars) {

    public List<String> plates() {
      return cars.stream().map(Car::plate).toList();
    }

    public double seconds() {
      return (double) frameCount / fps;
    }

    /** The car standing at the barrier at {@code s} seconds into the video, if any. */
    public Optional<Car> standingAt(double s) {
      return cars.stream().filter(c -> s >= c.stopsS() && s < c.leavesS()).findFirst();
    }
  }

  /** Writes the frames of {@code cars} cars at {@code fps} into {@code dir}; the same seed, the same video. */
  public static Video write(Path dir, int cars, int fps, long seed) {
    return write(dir, cars, fps, seed, LEAD_S);
  }

  /**
   * As {@link #write(Path, int, int, long)}, with {@code leadS} seconds of empty lane first: a camera that watched
   * the lane for a while before the queue came.
   */
  public static Video write(Path dir, int cars, int fps, long seed, double leadS) {
    return write(dir, cars, fps, seed, leadS, PLATE_WIDTH);
  }

  /**
   * As {@link #write(Path, int, int, long, double)}, with plates {@code plateWidth} px wide at the barrier (a camera
   * further off, or a wider view), the cars scaled with them.
   */
  public static Video write(Path dir, int cars, int fps, long seed, double leadS, int plateWidth) {
    QueueScene scene = new QueueScene(WIDTH, HEIGHT, plateWidth, PROFILE, seed);
    // far enough right that the widest car (4.4 plate widths) is wholly out of the frame
    double goneX = WIDTH + 2.4 * plateWidth * 1750 / 400;
    List<Car> timeline = new ArrayList<>();
    for (int i = 0; i < cars; i++) {
      int c = scene.addCar();
      double enters = leadS + i * CAR_S;
      timeline.add(new Car(scene.plate(c), enters, enters + DRIVE_IN_S, enters + DRIVE_IN_S + STOP_S,
          enters + DRIVE_IN_S + STOP_S + LEAVE_S));
    }
    int frames = (int) Math.round((leadS + cars * CAR_S) * fps);
    byte[] empty = QueueScene.jpeg(scene.empty());
    byte[][] standing = new byte[cars][];
    try {
      Files.createDirectories(dir);
      for (int k = 0; k < frames; k++) {
        double t = (double) k / fps;
        byte[] jpeg = empty;
        for (int c = 0; c < cars; c++) {
          Car car = timeline.get(c);
          if (t < car.entersS() || t >= car.goneS()) {
            continue;
          }
          if (t >= car.stopsS() && t < car.leavesS()) {
            // a standing car looks the same in every frame: encoded once
            if (standing[c] == null) {
              standing[c] = QueueScene.jpeg(scene.withCar(c, STOP_X, STOP_Y, 1));
            }
            jpeg = standing[c];
          } else {
            jpeg = QueueScene.jpeg(moving(scene, c, car, t, goneX));
          }
        }
        Files.write(dir.resolve(String.format("f%05d.jpg", k)), jpeg);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write frames to " + dir, e);
    }
    return new Video(dir, fps, frames, List.copyOf(timeline));
  }

  private static BufferedImage moving(QueueScene scene, int c, Car car, double t, double goneX) {
    if (t < car.stopsS()) {
      double u = (t - car.entersS()) / DRIVE_IN_S;
      // braking towards the barrier: fast at first, slow at the end
      double e = 1 - (1 - u) * (1 - u);
      return scene.withCar(c, STOP_X, START_Y + (STOP_Y - START_Y) * e, START_SCALE + (1 - START_SCALE) * e);
    }
    double u = (t - car.leavesS()) / LEAVE_S;
    return scene.withCar(c, STOP_X + (goneX - STOP_X) * u * u, STOP_Y, 1);
  }
}
