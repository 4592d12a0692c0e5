package io.lanekeeper.config;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * How one lane's barrier is wired and driven.
 *
 * @param driver {@code gpio} (a relay on a local GPIO line through Pi4J), {@code mqtt} (a relay switched by
 *     publishing to {@code relayTopic}) or {@code none} (decisions only, no barrier)
 * @param chip the gpiod chip of this lane's lines (the site's {@code gate.chip} unless set)
 * @param relayLine the line of the relay on the barrier controller's open input
 * @param closeLine the line of a second relay on the controller's close input, or -1 (the controller closes by
 *     itself, or in hold mode when the open relay releases)
 * @param activeLow whether the relay board switches on a low level (most opto-isolated boards do)
 * @param mode {@code pulse}: a momentary contact of {@code pulseMs} opens; {@code hold}: the relay stays
 *     energised as long as the barrier should stay open
 * @param autoCloseMs how long the barrier stays open, counted from when it is open and the loop is clear
 * @param travelMs how long the barrier takes to open or close; with a position input, how long to wait for it
 * @param loopLine the loop detector's dry contact (vehicle present), or -1
 * @param loopActiveLow whether the loop contact reads low when a vehicle is present (contact to ground, pull-up)
 * @param positionLine the barrier's "fully open" limit switch, or -1
 * @param positionActiveLow whether the limit switch reads low when the barrier is fully open
 * @param burstFrames frames the camera captures at once when a vehicle arrives on the loop (0: none)
 * @param relayTopic the MQTT topic that switches the relay ({@code mqtt} driver)
 * @param relayOn the payload that energises it, {@code relayOff} the one that releases it
 */
public record LaneGate(String driver, String chip, int relayLine, int closeLine, boolean activeLow, String mode,
                       long pulseMs, long autoCloseMs, long travelMs, int loopLine, boolean loopActiveLow,
                       int positionLine, boolean positionActiveLow, int burstFrames, String relayTopic,
                       String relayOn, String relayOff) {

  public boolean hold() {
    return "hold".equals(mode);
  }

  public boolean hasLoop() {
    return loopLine >= 0;
  }

  public boolean hasPosition() {
    return positionLine >= 0;
  }

  /** Reads a lane's {@code gate} object; timings the lane leaves out come from the site's {@link GateConfig}. */
  public static LaneGate from(JsonObject j, String path, GateConfig site) {
    String p = path + "gate.";
    String driver = Json.string(j, p, "driver", "gpio");
    Json.oneOf(p, "driver", driver, List.of("gpio", "mqtt", "none"), d -> d);
    String mode = Json.string(j, p, "mode", "pulse");
    Json.oneOf(p, "mode", mode, List.of("pulse", "hold"), m -> m);
    // "pin" was the relay line's first name
    int relay = Json.integer(j, p, "relayLine", Json.integer(j, p, "pin", 17, 0, 1023), 0, 1023);
    int close = Json.integer(j, p, "closeLine", -1, -1, 1023);
    int loop = Json.integer(j, p, "loopLine", -1, -1, 1023);
    int position = Json.integer(j, p, "positionLine", -1, -1, 1023);
    if (driver.equals("gpio")) {
      distinct(p, relay, close, loop, position);
    }
    String topic = Json.string(j, p, "relayTopic", null);
    if (driver.equals("mqtt")) {
      if (topic == null || topic.isBlank() || topic.contains("+") || topic.contains("#")) {
        throw new ConfigException(p + "relayTopic", "the mqtt driver needs the relay's topic (no wildcards)");
      }
      if (loop >= 0 || position >= 0 || close >= 0) {
        throw new ConfigException(p + "driver", "the mqtt driver has no GPIO inputs or close relay; "
            + "drop loopLine, positionLine and closeLine or use the gpio driver");
      }
    }
    long pulse = Json.number(j, p, "pulseMs", 700, 50, 60_000);
    long travel = Json.number(j, p, "travelMs", site.travelMs(), 0, 60_000);
    if (!mode.equals("hold") && pulse > 10_000) {
      throw new ConfigException(p + "pulseMs", "a pulse longer than 10 s is a hold: set mode to 'hold'");
    }
    return new LaneGate(driver, Json.string(j, p, "chip", site.chip()), relay, close,
        Json.bool(j, p, "activeLow", false), mode, pulse,
        Json.number(j, p, "autoCloseMs", site.autoCloseMs(), 100, 600_000), travel, loop,
        Json.bool(j, p, "loopActiveLow", true), position, Json.bool(j, p, "positionActiveLow", true),
        Json.integer(j, p, "burstFrames", 3, 0, 20), topic, Json.string(j, p, "relayOn", "ON"),
        Json.string(j, p, "relayOff", "OFF"));
  }

  private static void distinct(String p, int... lines) {
    for (int i = 0; i < lines.length; i++) {
      for (int k = i + 1; k < lines.length; k++) {
        if (lines[i] >= 0 && lines[i] == lines[k]) {
          throw new ConfigException(p + "relayLine", "line " + lines[i] + " is used twice in one lane's gate");
        }
      }
    }
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("driver", driver).put("chip", chip).put("relayLine", relayLine)
        .put("activeLow", activeLow).put("mode", mode).put("pulseMs", pulseMs).put("autoCloseMs", autoCloseMs)
        .put("travelMs", travelMs).put("loopActiveLow", loopActiveLow).put("positionActiveLow", positionActiveLow)
        .put("burstFrames", burstFrames);
    if (closeLine >= 0) {
      j.put("closeLine", closeLine);
    }
    if (loopLine >= 0) {
      j.put("loopLine", loopLine);
    }
    if (positionLine >= 0) {
      j.put("positionLine", positionLine);
    }
    if (relayTopic != null) {
      j.put("relayTopic", relayTopic).put("relayOn", relayOn).put("relayOff", relayOff);
    }
    return j;
  }
}
