package io.lanekeeper.camera;

/** Cheap checks on encoded frames, by their magic numbers rather than by what a server claims. */
final class Images {

  private Images() {
  }

  static boolean looksLikeImage(byte[] b) {
    return isJpeg(b) || isPng(b);
  }

  static boolean isJpeg(byte[] b) {
    return b.length >= 4 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF;
  }

  static boolean isPng(byte[] b) {
    return b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
  }
}
