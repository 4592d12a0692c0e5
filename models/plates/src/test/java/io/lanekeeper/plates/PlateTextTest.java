package io.lanekeeper.plates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlateTextTest {

  @Test
  @DisplayName("Case, spaces, dashes, dots, full-width forms and Cyrillic or Greek look-alikes normalise to A-Z0-9")
  void normalises() {
    assertThat(PlateText.normalize(" abc-12·34 ")).isEqualTo("ABC1234");
    assertThat(PlateText.normalize("ＡＢＣ１２３")).isEqualTo("ABC123");
    assertThat(PlateText.normalize("А123ВЕ77")).as("Cyrillic, as on a Russian plate").isEqualTo("A123BE77");
    assertThat(PlateText.normalize("ΑΒΗ-1234")).as("Greek").isEqualTo("ABH1234");
  }

  @Test
  @DisplayName("Empty, over-long and non-alphanumeric plates are refused with the reason")
  void refuses() {
    assertThatThrownBy(() -> PlateText.normalize(" - ")).hasMessage("is empty");
    assertThatThrownBy(() -> PlateText.normalize("ABCDEFGHJKLMN")).hasMessageContaining("longer than 12");
    assertThatThrownBy(() -> PlateText.normalize("<script>")).hasMessageContaining("only letters A-Z");
    assertThatThrownBy(() -> PlateText.normalize("ЖЖЖ123")).hasMessageContaining("only letters A-Z");
    assertThatThrownBy(() -> PlateText.normalize(null)).hasMessage("is required");
  }
}
