package io.lanekeeper.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.config.HttpConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("lanekeeper token NAME ROLE")
class TokenCommandTest {

  private record Made(String token, JsonObject entry) {
  }

  private static Made make(String name, String role) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    assertThat(TokenCommand.run(new String[] {name, role}, new PrintStream(b, true, StandardCharsets.UTF_8))).isZero();
    List<String> lines = b.toString(StandardCharsets.UTF_8).lines().map(String::strip).toList();
    assertThat(lines).hasSize(4);
    return new Made(lines.get(1), new JsonObject(lines.get(3)));
  }

  @Test
  @DisplayName("prints a fresh secret once and the http.tokens entry that holds only its SHA-256; the config takes it")
  void makesAToken() {
    Made m = make("camera-1", "Operator");
    assertThat(m.token()).startsWith("lk_").hasSizeGreaterThanOrEqualTo(40);
    assertThat(m.entry().getString("name")).isEqualTo("camera-1");
    assertThat(m.entry().getString("role")).isEqualTo("operator");
    assertThat(m.entry().getString("sha256")).isEqualTo(io.lanekeeper.config.ApiTokens.sha256Hex(m.token()))
        .doesNotContain(m.token());
    HttpConfig http = HttpConfig.from(new JsonObject().put("tokens", new JsonArray().add(m.entry())));
    assertThat(http.tokens()).singleElement().satisfies(t -> {
      assertThat(t.role()).isEqualTo("operator");
      assertThat(HexFormat.of().formatHex(t.sha256())).isEqualTo(m.entry().getString("sha256"));
    });
    assertThat(make("camera-1", "operator").token()).isNotEqualTo(m.token());
  }

  @Test
  @DisplayName("refuses an unknown role, a bad name and a wrong number of arguments, printing nothing to keep")
  void refusesBadArguments() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(b, true, StandardCharsets.UTF_8);
    assertThat(TokenCommand.run(new String[] {"cam", "superuser"}, out)).isEqualTo(2);
    assertThat(TokenCommand.run(new String[] {"<script>", "viewer"}, out)).isEqualTo(2);
    assertThat(TokenCommand.run(new String[] {"cam"}, out)).isEqualTo(2);
    assertThat(b.size()).isZero();
  }
}
