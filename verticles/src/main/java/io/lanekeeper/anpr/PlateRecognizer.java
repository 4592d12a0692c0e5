package io.lanekeeper.anpr;

import java.util.List;

/**
 * The ANPR engine as the rest of the controller sees it. Implementations are thread-safe: each
 * calling thread gets its own predictors. Calls block (decode, inference) and belong on worker threads.
 */
public interface PlateRecognizer extends AutoCloseable {

  /**
   * Finds and reads the plates in one encoded image (JPEG or PNG).
   *
   * @param formats plate format ids accepted; empty means any known format and plain 4-9 character reads
   * @return the plates found, best first; empty when there is none
   * @throws ImageRejectedException when the bytes are not a decodable image, or the image is too large
   */
  List<RecognizedPlate> recognize(byte[] encodedImage, List<String> formats) throws ImageRejectedException;

  /** A short description for the health endpoint: engine, model files, warm-up state. */
  String describe();

  @Override
  void close();
}
