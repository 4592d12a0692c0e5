package io.lanekeeper.config;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The barrier drivers.
 *
 * @param provider Pi4J provider: {@code mock} (no GPIO: tests, development) or {@code gpiod}
 *     (Raspberry Pi 4/5, Jetson)
 * @param chip the gpiod chip, e.g. {@code gpiochip0}
 * @param maxDecisionAgeMs a decision older than this never moves the barrier
 * @param openMs how long the barrier stays open before it counts as closing again
 */
public record GateConfig(String provider, String chip, long maxDecisionAgeMs, long openMs, long travelMs) {

  public static GateConfig from(JsonObject j) {
    String provider = Json.string(j, "gate.", "provider", "mock");
    Json.oneOf("gate.", "provider", provider, List.of("mock", "gpiod"), p -> p);
    return new GateConfig(provider, Json.string(j, "gate.", "chip", "gpiochip0"),
        Json.number(j, "gate.", "maxDecisionAgeMs", 3000, 100, 600_000),
        Json.number(j, "gate.", "openMs", 5000, 100, 600_000),
        Json.number(j, "gate.", "travelMs", 1500, 0, 60_000));
  }
}
