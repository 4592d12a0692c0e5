package io.lanekeeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  @DisplayName("Defaults, then a file, then LANEKEEPER_ variables, each on top of the last")
  void layers(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("site.json");
    Files.writeString(f, "{\"http\":{\"port\":9000},\"db\":{\"url\":\"postgresql://u@db:5432/lk\"}}");
    JsonObject c = ConfigLoader.load(List.of(f), Map.of(
        "LANEKEEPER_HTTP_PORT", "9100",
        "LANEKEEPER_HTTP_MAX_FRAME_BYTES", "2048",
        "LANEKEEPER_GATE_PROVIDER", "gpiod",
        "PATH", "/usr/bin"));
    AppConfig app = AppConfig.from(c);
    assertThat(app.http().port()).isEqualTo(9100);
    assertThat(app.http().maxFrameBytes()).isEqualTo(2048);
    assertThat(app.db().url()).isEqualTo("postgresql://u@db:5432/lk");
    assertThat(app.gate().provider()).isEqualTo("gpiod");
    assertThat(app.http().host()).isEqualTo("0.0.0.0");
  }

  @Test
  @DisplayName("An environment variable that names no key fails, naming the variable")
  void unknownEnv() {
    assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("LANEKEEPER_HTTP_PROT", "1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("LANEKEEPER_HTTP_PROT");
  }

  @Test
  @DisplayName("Invalid values fail at start with a message naming the key")
  void invalidValuesNameTheKey() {
    JsonObject base = ConfigLoader.defaults();
    assertThatThrownBy(() -> AppConfig.from(base.copy().put("http", new JsonObject().put("port", 70000))))
        .hasMessageContaining("http.port");
    assertThatThrownBy(() -> AppConfig.from(base.copy().put("gate", new JsonObject().put("provider", "wiringpi"))))
        .hasMessageContaining("gate.provider");
    JsonObject badLane = new JsonObject().put("id", "Entry 1");
    assertThatThrownBy(() -> AppConfig.from(base.copy().put("lanes", new JsonArray().add(badLane))))
        .hasMessageContaining("lanes[0].id");
    JsonObject folderNoPath = new JsonObject().put("id", "e1").put("camera", new JsonObject().put("type", "folder"));
    assertThatThrownBy(() -> AppConfig.from(base.copy().put("lanes", new JsonArray().add(folderNoPath))))
        .hasMessageContaining("lanes[0].camera.path");
    JsonObject badRoi = new JsonObject().put("id", "e1")
        .put("camera", new JsonObject().put("roi", new JsonArray()
            .add(new JsonArray().add(0.1).add(2))
            .add(new JsonArray().add(0).add(0))
            .add(new JsonArray().add(1).add(1))));
    assertThatThrownBy(() -> AppConfig.from(base.copy().put("lanes", new JsonArray().add(badRoi))))
        .hasMessageContaining("lanes[0].camera.roi[0]");
    assertThatThrownBy(() -> AppConfig.from(base.copy().put("db", new JsonObject().put("url", "mysql://x"))))
        .hasMessageContaining("db.url");
    JsonObject dup = new JsonObject().put("id", "e1");
    assertThatThrownBy(() -> AppConfig.from(base.copy().put("lanes", new JsonArray().add(dup).add(dup.copy()))))
        .hasMessageContaining("lanes[1].id");
  }

  @Test
  @DisplayName("A configuration file that is not JSON fails naming the file")
  void badFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{ \"http\": ");
    assertThatThrownBy(() -> ConfigLoader.load(List.of(f), Map.of())).hasMessageContaining("bad.json");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"default.json", "demo.json", "jetson.json",
      "raspberry-pi.json"})
  @DisplayName("Every configuration the project ships is valid")
  void shippedConfigurations(String name) throws Exception {
    AppConfig cfg = AppConfig.from(ConfigLoader.load(List.of(Path.of("../conf", name)), java.util.Map.of()));
    if (name.equals("jetson.json") || name.equals("raspberry-pi.json")) {
      assertThat(cfg.gate().provider()).isEqualTo("gpiod");
      assertThat(cfg.lanes()).isNotEmpty().allMatch(l -> !l.gate().driver().equals("none"));
    }
  }

  @Test
  @DisplayName("Two lanes cannot drive or read the same GPIO line; an MQTT relay needs MQTT")
  void gpioLinesAndMqtt() {
    JsonObject twice = new JsonObject().put("lanes", new JsonArray()
        .add(new JsonObject().put("id", "a").put("gate", new JsonObject().put("relayLine", 5)))
        .add(new JsonObject().put("id", "b").put("gate", new JsonObject().put("relayLine", 6).put("loopLine", 5))));
    assertThatThrownBy(() -> AppConfig.from(twice))
        .hasMessageContaining("line 5 of gpiochip0 is already used by lane a");
    JsonObject otherChip = twice.copy();
    otherChip.getJsonArray("lanes").getJsonObject(1).getJsonObject("gate").put("chip", "gpiochip1");
    assertThat(AppConfig.from(otherChip).lanes()).hasSize(2);
    JsonObject mqtt = new JsonObject().put("lanes", new JsonArray().add(new JsonObject().put("id", "a")
        .put("gate", new JsonObject().put("driver", "mqtt").put("relayTopic", "r/1"))));
    assertThatThrownBy(() -> AppConfig.from(mqtt)).hasMessageContaining("mqtt.enabled");
  }

  @Test
  @DisplayName("The site cluster: off by default; on, it needs its address, members and certificates, and refuses "
      + "a member that is no host:port, naming the key; its passwords are masked wherever the configuration shows")
  void cluster() {
    assertThat(AppConfig.from(new JsonObject()).cluster().enabled()).isFalse();
    JsonObject on = new JsonObject().put("enabled", true).put("node", "gate-a").put("host", "10.0.0.11")
        .put("members", new JsonArray().add("10.0.0.11:7800").add("10.0.0.12"))
        .put("keyStore", "/etc/lanekeeper/site/gate-a.p12").put("keyStorePassword", "pw-123456")
        .put("trustStore", "/etc/lanekeeper/site/site-trust.p12").put("trustStorePassword", "pw-123456");
    ClusterConfig c = AppConfig.from(new JsonObject().put("cluster", on)).cluster();
    assertThat(c.enabled()).isTrue();
    assertThat(c.members()).containsExactly(new ClusterConfig.Member("10.0.0.11", 7800),
        new ClusterConfig.Member("10.0.0.12", 7800));
    assertThat(c.busPort()).isEqualTo(17001);
    assertThat(c.failureMs()).isEqualTo(6000);
    assertThatThrownBy(() -> AppConfig.from(new JsonObject().put("cluster", on.copy().put("members",
        new JsonArray().add("10.0.0.12:http"))))).hasMessageContaining("cluster.members[0]");
    assertThatThrownBy(() -> AppConfig.from(new JsonObject().put("cluster", on.copy().putNull("host"))))
        .hasMessageContaining("cluster.host");
    assertThatThrownBy(() -> AppConfig.from(new JsonObject().put("cluster", on.copy().put("node", "gate a"))))
        .hasMessageContaining("cluster.node");
    assertThatThrownBy(() -> AppConfig.from(new JsonObject().put("cluster", on.copy().put("busPort", 7800))))
        .hasMessageContaining("cluster.busPort");
    assertThat(Redaction.json(new JsonObject().put("cluster", on)).encode()).doesNotContain("pw-123456");
  }

  @Test
  @DisplayName("Alerts and retention: defaults a site can defend; a webhook without a real secret, an e-mail without "
      + "a recipient and a purge time that is no time are refused naming the key")
  void alertsAndRetention() {
    AppConfig d = AppConfig.from(new JsonObject());
    assertThat(d.retention().unregisteredDays()).isEqualTo(7);
    assertThat(d.retention().eventsDays()).isEqualTo(365);
    assertThat(d.alerts().email()).isNull();
    assertThat(d.alerts().webhook()).isNull();
    assertThatThrownBy(() -> AppConfig.from(new JsonObject().put("alerts", new JsonObject().put("webhook",
        new JsonObject().put("url", "https://ops.example/h").put("secret", "short")))))
        .hasMessageContaining("alerts.webhook.secret");
    assertThatThrownBy(() -> AppConfig.from(new JsonObject().put("alerts", new JsonObject().put("webhook",
        new JsonObject().put("url", "ftp://ops.example/h").put("secret", "0123456789abcdef")))))
        .hasMessageContaining("alerts.webhook.url");
    assertThatThrownBy(() -> AppConfig.from(new JsonObject().put("alerts", new JsonObject().put("email",
        new JsonObject().put("host", "smtp.example")))))
        .hasMessageContaining("alerts.email.to");
    assertThatThrownBy(() -> AppConfig.from(new JsonObject().put("alerts", new JsonObject().put("email",
        new JsonObject().put("host", "smtp.example").put("to", new JsonArray().add("not an address"))))))
        .hasMessageContaining("alerts.email.to");
    assertThatThrownBy(() -> AppConfig.from(new JsonObject().put("retention", new JsonObject()
        .put("purgeAt", "25:99")))).hasMessageContaining("retention.purgeAt");
    assertThatThrownBy(() -> AppConfig.from(new JsonObject().put("retention", new JsonObject()
        .put("readsDays", -1)))).hasMessageContaining("retention.readsDays");
  }
}
