package io.lanekeeper.gate;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import io.lanekeeper.config.GateConfig;

/**
 * The Pi4J context for the configured provider: {@code mock} where there is no GPIO (tests,
 * development machines), {@code gpiod} on a Raspberry Pi 4/5 or a Jetson (character device
 * {@code /dev/gpiochipN}).
 */
final class Gpio implements AutoCloseable {

  private final Context pi4j;
  private final String provider;

  private Gpio(Context pi4j, String provider) {
    this.pi4j = pi4j;
    this.provider = provider;
  }

  static Gpio open(GateConfig cfg) {
    Context ctx = switch (cfg.provider()) {
      case "mock" -> Pi4J.newContextBuilder()
          .noAutoDetect()
          .add(new MockPlatform())
          .add(MockDigitalOutputProvider.newInstance(), MockDigitalInputProvider.newInstance())
          .build();
      case "gpiod" -> Pi4J.newContextBuilder()
          .noAutoDetect()
          .setGpioChipName(cfg.chip())
          .add(GpioDDigitalOutputProvider.newInstance(), GpioDDigitalInputProvider.newInstance())
          .build();
      default -> throw new IllegalArgumentException("unknown GPIO provider " + cfg.provider());
    };
    return new Gpio(ctx, cfg.provider());
  }

  /** A relay output, low (barrier relay released) at start and on shutdown. */
  DigitalOutput relay(String laneId, int pin) {
    String providerId = provider.equals("mock") ? MockDigitalOutputProvider.ID : GpioDDigitalOutputProvider.ID;
    return pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
        .id("relay-" + laneId)
        .name("Barrier relay of lane " + laneId)
        .address(pin)
        .initial(DigitalState.LOW)
        .shutdown(DigitalState.LOW)
        .provider(providerId)
        .build());
  }

  String provider() {
    return provider;
  }

  @Override
  public void close() {
    pi4j.shutdown();
  }
}
