package io.lanekeeper.anpr;

import io.lanekeeper.bus.Box;

/**
 * One plate found in an image.
 *
 * @param text normalised plate text (A-Z, 0-9), after the format rules
 * @param confidence product of {@code charConfidences}
 * @param charConfidences one per character of {@code text}
 * @param format the id of the plate format the text fits, or null for a free read
 * @param detectionScore the detector's score for the box
 * @param cropJpeg the plate crop, JPEG encoded (for the event log and the dashboard)
 */
public record RecognizedPlate(String text, double confidence, double[] charConfidences, String format,
                              Box box, double detectionScore, byte[] cropJpeg) {
}
