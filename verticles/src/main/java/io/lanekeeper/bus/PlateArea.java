package io.lanekeeper.bus;

import java.util.List;

/**
 * Where a lane's plates may be: a polygon in frame fractions (empty: anywhere), the narrowest plate that counts, as a
 * fraction of the frame's width, and with {@code whole} only plates wholly inside the frame. The engine drops a
 * detection outside it before reading it, so a plate in the far background or in the next lane costs no OCR and
 * never becomes a vehicle.
 *
 * <p>A lane's frames ({@link #lane}) keep whole plates only: a box that reaches the frame's edge is a plate cut by
 * it, a car coming into view or leaving it, whose read is a fragment ({@code NDN6Z11} leaving to the right reads
 * {@code NDNG}) that would be a vehicle of its own; the lane's camera sees that car whole in the frames before or
 * after. One image given to read ({@link #ALL}: the evaluation, {@code anpr read}, a crop whose plate fills it) keeps
 * every plate.
 */
public record PlateArea(List<double[]> polygon, double minWidth, boolean whole) {

  /**
   * How far a whole plate's box stays from the frame's edges, as a fraction of its width (left and right) and height
   * (top and bottom). The engine judges the detector's box, before the refiner puts it on the plate's edges: that of
   * a plate cut by the frame's edge ends short of it by more than 4% of its width (the refined one by 0-3 px), and so
   * does that of a whole plate within about 20 px of the edge (probed 2026-12-03, Mercosur plates in a 1280 px
   * frame); nearer than this, cut and whole are not told apart, and the lane waits for a frame with the plate clear.
   */
  public static final double CLEARANCE = 0.1;

  /** Every plate of an image, wherever it is, cut by the edge or not. */
  public static final PlateArea ALL = new PlateArea(List.of(), 0, false);

  public PlateArea {
    polygon = List.copyOf(polygon);
  }

  /** A lane's area: the polygon (empty: anywhere) and narrowest plate of its camera, whole plates only. */
  public static PlateArea lane(List<double[]> polygon, double minWidth) {
    return new PlateArea(polygon, minWidth, true);
  }

  /**
   * Whether a plate box of a frame this size counts: wide enough, its centre inside the polygon, and, where only
   * whole plates count, {@link #CLEARANCE} clear of the frame's edges.
   */
  public boolean keeps(Box b, int frameWidth, int frameHeight) {
    if (frameWidth <= 0 || frameHeight <= 0) {
      return true;
    }
    if (b.w() < minWidth * frameWidth) {
      return false;
    }
    if (whole) {
      double dx = CLEARANCE * b.w();
      double dy = CLEARANCE * b.h();
      if (b.x() < dx || b.y() < dy || b.x() + b.w() > frameWidth - dx || b.y() + b.h() > frameHeight - dy) {
        return false;
      }
    }
    double x = (b.x() + b.w() / 2.0) / frameWidth;
    double y = (b.y() + b.h() / 2.0) / frameHeight;
    return polygon.size() < 3 || inside(polygon, x, y) || onEdge(x, y);
  }

  /**
   * Even-odd rule: a ray to the right of the point crosses the polygon's edges an odd number of times. Shared with
   * the camera's motion mask, which looks for motion in the same region.
   */
  public static boolean inside(List<double[]> polygon, double x, double y) {
    boolean in = false;
    for (int i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
      double[] a = polygon.get(i);
      double[] c = polygon.get(j);
      if ((a[1] > y) != (c[1] > y) && x < (c[0] - a[0]) * (y - a[1]) / (c[1] - a[1]) + a[0]) {
        in = !in;
      }
    }
    return in;
  }

  /** A point on an edge: the bottom or right edge of a whole-frame polygon, which the even-odd rule leaves out. */
  private boolean onEdge(double x, double y) {
    for (int i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
      double[] a = polygon.get(i);
      double[] c = polygon.get(j);
      double cross = (c[0] - a[0]) * (y - a[1]) - (c[1] - a[1]) * (x - a[0]);
      if (Math.abs(cross) < 1e-9 && x >= Math.min(a[0], c[0]) - 1e-9 && x <= Math.max(a[0], c[0]) + 1e-9
          && y >= Math.min(a[1], c[1]) - 1e-9 && y <= Math.max(a[1], c[1]) + 1e-9) {
        return true;
      }
    }
    return false;
  }
}
