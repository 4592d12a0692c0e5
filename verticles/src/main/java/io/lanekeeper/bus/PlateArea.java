package io.lanekeeper.bus;

import java.util.List;

/**
 * Where a lane's plates may be: a polygon in frame fractions (empty: anywhere) and the narrowest plate that counts,
 * as a fraction of the frame's width. The engine drops a detection outside it before reading it, so a plate in the
 * far background or in the next lane costs no OCR and never becomes a vehicle.
 */
public record PlateArea(List<double[]> polygon, double minWidth) {

  public static final PlateArea ALL = new PlateArea(List.of(), 0);

  public PlateArea {
    polygon = List.copyOf(polygon);
  }

  /** Whether a plate box of a frame this size counts: wide enough, its centre inside the polygon. */
  public boolean keeps(Box b, int frameWidth, int frameHeight) {
    if (frameWidth <= 0 || frameHeight <= 0) {
      return true;
    }
    if (b.w() < minWidth * frameWidth) {
      return false;
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
