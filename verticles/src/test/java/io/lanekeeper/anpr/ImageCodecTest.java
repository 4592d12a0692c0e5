package io.lanekeeper.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.anpr.codec.DecodedImage;
import io.lanekeeper.anpr.codec.ImageCodec;
import io.lanekeeper.anpr.codec.ImageCodecs;
import io.lanekeeper.anpr.codec.ImageHeader;
import io.lanekeeper.anpr.codec.ImageIoCodec;
import io.lanekeeper.anpr.codec.OpenCvCodec;
import io.lanekeeper.anpr.codec.TurboJpegCodec;
import io.lanekeeper.bus.Box;
import io.lanekeeper.testing.Prerequisites;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ImageCodecTest {

  @Test
  @DisplayName("OpenCV and ImageIO decode the same JPEG and PNG to the same size and nearly the same pixels")
  void codecsAgree() throws Exception {
    ImageCodec cv = new OpenCvCodec(1);
    ImageCodec io = new ImageIoCodec();
    for (String format : new String[] {"jpeg", "png"}) {
      byte[] bytes = TestImages.picture(1280, 720, format);
      ImageHeader h = ImageHeader.check(bytes, 15_000_000, 40_000_000);
      try (DecodedImage a = cv.decode(bytes, h); DecodedImage b = io.decode(bytes, h)) {
        assertThat(a.width()).isEqualTo(b.width()).isEqualTo(1280);
        assertThat(a.height()).isEqualTo(b.height()).isEqualTo(720);

        float[] la = new float[3 * 640 * 384];
        float[] lb = new float[3 * 640 * 384];
        a.resizeRgbInto(640, 360, la, 640, 384);
        b.resizeRgbInto(640, 360, lb, 640, 384);
        assertThat(meanAbsDiff(la, lb)).isLessThan(0.02);

        Box plate = new Box(400, 350, 330, 70);
        assertThat(meanAbsDiff(a.cropGrey(plate, 192, 64), b.cropGrey(plate, 192, 64))).isLessThan(0.03);
        assertThat(a.cropJpeg(plate, 85)).startsWith((byte) 0xff, (byte) 0xd8);
        assertThat(b.cropJpeg(plate, 85)).startsWith((byte) 0xff, (byte) 0xd8);
      }
    }
  }

  @Test
  @DisplayName("TurboJPEG decodes a JPEG to OpenCV's pixels, hands PNG to OpenCV, and is what 'auto' picks")
  void turboJpegAgreesWithOpenCv() throws Exception {
    TurboJpegCodec tj;
    try {
      tj = new TurboJpegCodec(1);
    } catch (UnsatisfiedLinkError e) {
      Prerequisites.need(false, "libturbojpeg is not installed (Debian: libturbojpeg0; scripts/test installs it)");
      return;
    }
    assertThat(ImageCodecs.create(AnprConfig.AUTO, 1).name()).isEqualTo("turbojpeg");
    ImageCodec cv = new OpenCvCodec(1);
    for (String format : new String[] {"jpeg", "png"}) {
      byte[] bytes = TestImages.picture(1280, 720, format);
      ImageHeader h = ImageHeader.check(bytes, 15_000_000, 40_000_000);
      try (DecodedImage a = tj.decode(bytes, h); DecodedImage b = cv.decode(bytes, h)) {
        assertThat(a.width()).isEqualTo(1280);
        assertThat(a.height()).isEqualTo(720);
        Box plate = new Box(400, 350, 330, 70);
        // both are libjpeg-turbo with the same IDCT: at most rounding apart
        assertThat(meanAbsDiff(a.cropGrey(plate, 192, 64), b.cropGrey(plate, 192, 64))).isLessThan(0.002);
        float[] la = new float[3 * 640 * 384];
        float[] lb = new float[3 * 640 * 384];
        a.resizeRgbInto(640, 360, la, 640, 384);
        b.resizeRgbInto(640, 360, lb, 640, 384);
        assertThat(meanAbsDiff(la, lb)).isLessThan(0.002);
      }
    }
  }

  @Test
  @DisplayName("A crop past the frame's edge repeats the edge pixels and keeps the inside part in its place")
  void paddedCropRepeatsTheEdge() throws Exception {
    // a horizontal ramp: column x has grey level 2x, so where each output column comes from is readable
    java.awt.image.BufferedImage ramp = new java.awt.image.BufferedImage(100, 50,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 50; y++) {
      for (int x = 0; x < 100; x++) {
        ramp.setRGB(x, y, (2 * x) * 0x010101);
      }
    }
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(ramp, "png", png);
    byte[] bytes = png.toByteArray();
    ImageHeader h = ImageHeader.check(bytes, 15_000_000, 40_000_000);
    for (ImageCodec codec : new ImageCodec[] {new OpenCvCodec(1), new ImageIoCodec()}) {
      try (DecodedImage img = codec.decode(bytes, h)) {
        // inside the frame it is the plain crop
        Box inside = new Box(10, 5, 80, 40);
        assertThat(img.cropGreyPadded(inside, 40, 20)).containsExactly(img.cropGrey(inside, 40, 20));
        // half of it left of the frame: the left half repeats column 0, the right half is columns 0..49 at scale
        float[] out = img.cropGreyPadded(new Box(-50, -10, 100, 70), 100, 70);
        for (int y : new int[] {0, 9, 10, 35, 69}) {
          for (int x = 0; x < 50; x++) {
            assertThat(out[y * 100 + x]).as("%s (%d,%d)", codec.name(), x, y).isEqualTo(out[35 * 100]);
          }
          for (int x = 50; x < 100; x++) {
            assertThat(out[y * 100 + x]).as("%s (%d,%d)", codec.name(), x, y)
                .isCloseTo(2f * (x - 50) / 255f, org.assertj.core.data.Offset.offset(1.5f / 255f));
          }
        }
        assertThat(out[35 * 100]).isLessThan(1.5f / 255f);
        // past the right and bottom edges: the last column repeated
        float[] right = img.cropGreyPadded(new Box(90, 40, 20, 20), 20, 20);
        assertThat(right[19 * 20 + 19]).isCloseTo(198f / 255f, org.assertj.core.data.Offset.offset(1.5f / 255f));
        assertThat(right[0]).isCloseTo(180f / 255f, org.assertj.core.data.Offset.offset(1.5f / 255f));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> img.cropGreyPadded(new Box(100, 0, 10, 10), 8, 8))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the 100x50 frame");
      }
    }
  }

  private static double meanAbsDiff(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] - b[i]);
    }
    return s / a.length;
  }
}
