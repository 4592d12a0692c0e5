package io.lanekeeper.anpr;

/** The input is not an image the engine will read: corrupt, truncated, empty, not an image or too large. */
public class ImageRejectedException extends Exception {

  public ImageRejectedException(String message) {
    super(message);
  }

  public ImageRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
