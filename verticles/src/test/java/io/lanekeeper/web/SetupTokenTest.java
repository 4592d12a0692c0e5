package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The setup token stands out in the log: a framed block with the address, the token and its file")
class SetupTokenTest {

  @Test
  @DisplayName("every line of the block is framed and as wide as the others; the token has a line of its own")
  void banner() {
    String b = SetupToken.banner("http://localhost:8080", "abcDEF123", Path.of("/var/lib/lk/setup-token"));
    List<String> lines = Arrays.asList(b.strip().split("\n"));
    assertThat(lines).hasSizeGreaterThan(4);
    assertThat(lines.getFirst()).matches("\\+-+\\+").isEqualTo(lines.getLast());
    assertThat(lines).allSatisfy(l -> assertThat(l).hasSameSizeAs(lines.getFirst()));
    assertThat(lines.subList(1, lines.size() - 1)).allSatisfy(l -> assertThat(l).startsWith("| ").endsWith(" |"));
    assertThat(lines).anySatisfy(l -> assertThat(l.replace("|", "").strip()).isEqualTo("abcDEF123"));
    assertThat(b).contains("http://localhost:8080/#setup").contains("/var/lib/lk/setup-token");
    assertThat(SetupToken.banner("http://x", "t", null)).doesNotContain("also in");
  }
}
