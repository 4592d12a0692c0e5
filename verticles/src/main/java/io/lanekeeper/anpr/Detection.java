package io.lanekeeper.anpr;

import io.lanekeeper.bus.Box;

/** One plate box found by the detector, in frame pixels, with its heatmap score. */
public record Detection(Box box, double score) {
}
