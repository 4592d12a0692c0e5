package io.lanekeeper.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanekeeper.anpr.codec.ImageHeader;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ImageHeaderTest {

  static final long MAX_BYTES = 15_000_000;
  static final long MAX_PIXELS = 40_000_000;

  @Test
  @DisplayName("JPEG and PNG dimensions are read from the header")
  void readsDimensions() throws Exception {
    assertThat(ImageHeader.check(TestImages.picture(321, 123, "jpeg"), MAX_BYTES, MAX_PIXELS))
        .isEqualTo(new ImageHeader("JPEG", 321, 123));
    assertThat(ImageHeader.check(TestImages.picture(64, 32, "png"), MAX_BYTES, MAX_PIXELS))
        .isEqualTo(new ImageHeader("PNG", 64, 32));
  }

  @Test
  @DisplayName("A PNG header claiming 20000x20000 is refused before decoding, naming the limit")
  void refusesHugeDimensions() {
    assertThatThrownBy(() -> ImageHeader.check(TestImages.pngClaiming(20000, 20000), MAX_BYTES, MAX_PIXELS))
        .isInstanceOf(ImageRejectedException.class)
        .hasMessage("image is 20000x20000 = 400 Mpx, over the limit of 40 Mpx (anpr.maxPixels)");
  }

  @Test
  @DisplayName("Empty, random, truncated and oversized inputs are refused with a message naming the problem")
  void refusesBadInputs() {
    assertThatThrownBy(() -> ImageHeader.check(new byte[0], MAX_BYTES, MAX_PIXELS))
        .isInstanceOf(ImageRejectedException.class).hasMessageContaining("empty");
    byte[] random = new byte[4096];
    new Random(7).nextBytes(random);
    random[0] = 0x13;
    random[1] = 0x37;
    assertThatThrownBy(() -> ImageHeader.check(random, MAX_BYTES, MAX_PIXELS))
        .isInstanceOf(ImageRejectedException.class).hasMessageContaining("not an image");
    byte[] jpeg = TestImages.picture(640, 480, "jpeg");
    byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);
    assertThatThrownBy(() -> ImageHeader.check(truncated, MAX_BYTES, MAX_PIXELS))
        .isInstanceOf(ImageRejectedException.class).hasMessageContaining("JPEG is truncated");
    assertThatThrownBy(() -> ImageHeader.check(Arrays.copyOf(jpeg, 40), MAX_BYTES, MAX_PIXELS))
        .isInstanceOf(ImageRejectedException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> ImageHeader.check(jpeg, 1000, MAX_PIXELS))
        .isInstanceOf(ImageRejectedException.class).hasMessageContaining("anpr.maxImageBytes");
  }
}
