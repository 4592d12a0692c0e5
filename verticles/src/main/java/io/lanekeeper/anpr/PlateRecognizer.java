package io.lanekeeper.anpr;

import io.lanekeeper.bus.PlateArea;
import java.util.List;

/**
 * The ANPR engine as the rest of the controller sees it. Implementations are thread-safe: each
 * calling thread gets its own predictors. Calls block (decode, inference) and belong on worker threads.
 */
public interface PlateRecognizer extends AutoCloseable {

  /**
   * Finds and reads the plates in one encoded image (JPEG or PNG).
   *
   * @param formats the lane's plate formats (ids, countries, regions) as a prior; empty means any known format
   * @return the plates found, best first; empty when there is none
   * @throws ImageRejectedException when the bytes are not a decodable image, or the image is too large
   */
  default List<RecognizedPlate> recognize(byte[] encodedImage, List<String> formats) throws ImageRejectedException {
    return recognize(encodedImage, formats, PlateArea.ALL);
  }

  /** As {@link #recognize(byte[], List)}, reading only the plates the area keeps. */
  default List<RecognizedPlate> recognize(byte[] encodedImage, List<String> formats, PlateArea area)
      throws ImageRejectedException {
    return recognize(encodedImage, formats, false, area);
  }

  /**
   * As {@link #recognize(byte[], List, PlateArea)}; with {@code strictFormats} only reads that fit one of
   * {@code formats} are returned (otherwise the formats are a prior and a plate that fits none is still read).
   */
  default List<RecognizedPlate> recognize(byte[] encodedImage, List<String> formats, boolean strictFormats,
                                          PlateArea area) throws ImageRejectedException {
    return recognize(encodedImage, formats, strictFormats, FormatRules.DEFAULT_MIN_LENGTH, area);
  }

  /**
   * As {@link #recognize(byte[], List, boolean, PlateArea)} with no reading shorter than {@code minLength}
   * characters (1 to 10; a lane's {@code read.minLength} where below the default 4): a plate format's shorter variants
   * (Jersey's {@code J 7}, Switzerland's {@code ZH 1}) are read only where the lane allows them.
   */
  List<RecognizedPlate> recognize(byte[] encodedImage, List<String> formats, boolean strictFormats, int minLength,
                                  PlateArea area) throws ImageRejectedException;

  /** Whether it can read plates now: false once closed. */
  boolean open();

  /** A short description for the health endpoint: engine, model files, warm-up state. */
  String describe();

  @Override
  void close();
}
