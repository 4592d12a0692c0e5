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
  @DisplayName("Plates as printed fold to Latin: German umlauts, Cyrillic, Serbian Latin and Cyrillic, Greek")
  void foldsPrintedLetters() {
    assertThat(PlateText.normalize("MÜ 1234")).isEqualTo("MU1234");
    assertThat(PlateText.normalize("MU\u0308-1234")).as("decomposed umlaut").isEqualTo("MU1234");
    assertThat(PlateText.normalize("АА 1234 ВС")).as("Cyrillic, as on a Ukrainian plate").isEqualTo("AA1234BC");
    assertThat(PlateText.normalize("ІЈЅ")).as("Ukrainian І, Serbian Ј and Ѕ").isEqualTo("IJS");
    assertThat(PlateText.normalize("ŠĐČĆŽ 12")).as("Serbian Latin").isEqualTo("SDCCZ12");
    assertThat(PlateText.normalize("äöü đ")).isEqualTo("AOUD");
    assertThat(PlateText.fold("ÄÖÜ ΗΚ-12")).isEqualTo("AOU HK-12");
    assertThat(PlateText.fold("ЖΞßıØ")).as("no Latin look-alike: unchanged").isEqualTo("ЖΞßıØ");
    assertThat(PlateText.fold("ЁЇΆ")).as("accented Cyrillic and Greek are not Latin").isEqualTo("ЁЇΆ");
    assertThat(PlateText.strip("KÖ-AB 12")).isEqualTo("KOAB12");
    assertThat(PlateText.isPlateLike("Ж 123")).isFalse();
  }

  @Test
  @DisplayName("Empty, over-long and non-alphanumeric plates are refused with the reason")
  void refuses() {
    assertThatThrownBy(() -> PlateText.normalize(" - ")).hasMessage("is empty");
    assertThatThrownBy(() -> PlateText.normalize("ABCDEFGHJKLMN")).hasMessageContaining("longer than 12");
    assertThatThrownBy(() -> PlateText.normalize("<script>")).hasMessageContaining("only letters A-Z");
    assertThatThrownBy(() -> PlateText.normalize("ЖЖЖ123")).hasMessageContaining("only letters A-Z");
    assertThatThrownBy(() -> PlateText.normalize("ΞΞ123")).hasMessageContaining("only letters A-Z");
    assertThatThrownBy(() -> PlateText.normalize("STRAßE")).hasMessageContaining("only letters A-Z");
    assertThatThrownBy(() -> PlateText.normalize(null)).hasMessage("is required");
  }
}
