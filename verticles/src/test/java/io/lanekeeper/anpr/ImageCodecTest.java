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

  private static double meanAbsDiff(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] - b[i]);
    }
    return s / a.length;
  }
}
