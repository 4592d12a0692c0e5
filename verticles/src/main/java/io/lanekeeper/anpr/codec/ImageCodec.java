package io.lanekeeper.anpr.codec;

import io.lanekeeper.anpr.ImageRejectedException;

/** Decodes an encoded image (JPEG, PNG) whose header has already passed {@link ImageHeader#check}. */
public interface ImageCodec {

  /** {@code opencv} or {@code imageio}. */
  String name();

  DecodedImage decode(byte[] encoded, ImageHeader header) throws ImageRejectedException;
}
