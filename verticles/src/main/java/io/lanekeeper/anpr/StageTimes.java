package io.lanekeeper.anpr;

/**
 * Where the time of one {@code recognize} call went, in nanoseconds: decode (header check and decoding),
 * detect (letterbox, detector, peak decoding), refine (the box refiner's windows and batch), crop (crops for OCR
 * and their JPEGs), OCR (the OCR's batches and the format rules; the rules alone also in {@link #rulesNs}). Filled by
 * {@link DjlPlateRecognizer#recognize(byte[], java.util.List, StageTimes)}.
 */
public final class StageTimes {

  long decodeNs;
  long detectNs;
  long refineNs;
  long cropNs;
  long ocrNs;
  long rulesNs;
  long totalNs;
  int boxes;
  int ocrCrops;
  int ownCropOnly;
  int plates;
  java.util.List<Detection> detections = java.util.List.of();

  public long decodeNs() {
    return decodeNs;
  }

  public long detectNs() {
    return detectNs;
  }

  /** The box refiner: its windows cut and its batch run (0 without a refiner). */
  public long refineNs() {
    return refineNs;
  }

  public long cropNs() {
    return cropNs;
  }

  public long ocrNs() {
    return ocrNs;
  }

  /** The format rules' part of {@link #ocrNs}: fitting the OCR's output to the plate formats, and free reads. */
  public long rulesNs() {
    return rulesNs;
  }

  public long totalNs() {
    return totalNs;
  }

  /** Boxes the detector kept (each went through OCR). */
  public int boxes() {
    return boxes;
  }

  /**
   * The plates' boxes (the detector's, put on the plate's edges by the refiner when there is one), including
   * those whose reading the format rules refused.
   */
  public java.util.List<Detection> detections() {
    return detections;
  }

  /**
   * Crops the OCR read for the boxes: each plate's own and its rows, then its other cuts, smoothed and inverted (in
   * the same batch, or in a second one for the boxes whose own crop did not read sure, {@link
   * AnprConfig#moreCropsBelow()}).
   */
  public int ocrCrops() {
    return ocrCrops;
  }

  /**
   * Boxes whose own crop read sure enough under every mode that their other crops were not read (0 when
   * {@link AnprConfig#moreCropsBelow()} is 1: every crop is read).
   */
  public int ownCropOnly() {
    return ownCropOnly;
  }

  /** Plates returned after the format rules. */
  public int plates() {
    return plates;
  }
}
