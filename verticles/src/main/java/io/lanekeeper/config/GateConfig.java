package io.lanekeeper.config;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The site-wide part of the barrier configuration; each lane's {@link LaneGate} may override the timings.
 *
 * @param provider Pi4J provider for lanes driven by local GPIO: {@code mock} (no GPIO: tests, development) or
 *     {@code gpiod} (Raspberry Pi 4/5, Jetson, any Linux GPIO character device)
 * @param chip the default gpiod chip, e.g. {@code gpiochip0} (Raspberry Pi 4), {@code gpiochip4} (Raspberry Pi 5)
 * @param maxDecisionAgeMs a command taken longer ago than this never moves the barrier
 * @param autoCloseMs default time the barrier stays open (after the loop clears) before it closes
 * @param travelMs default time the barrier takes to open or close fully
 */
public record GateConfig(String provider, String chip, long maxDecisionAgeMs, long autoCloseMs, long travelMs) {

  public static GateConfig from(JsonObject j) {
    String provider = Json.string(j, "gate.", "provider", "mock");
    Json.oneOf("gate.", "provider", provider, List.of("mock", "gpiod"), p -> p);
    // "openMs" was this setting's first name; configurations that still use it keep working
    long autoClose = Json.number(j, "gate.", "openMs", 5000, 100, 600_000);
    return new GateConfig(provider, Json.string(j, "gate.", "chip", "gpiochip0"),
        Json.number(j, "gate.", "maxDecisionAgeMs", 3000, 100, 600_000),
        Json.number(j, "gate.", "autoCloseMs", autoClose, 100, 600_000),
        Json.number(j, "gate.", "travelMs", 1500, 0, 60_000));
  }
}
