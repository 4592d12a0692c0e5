package io.lanekeeper.gate;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pi4J contexts for the configured provider: {@code mock} where there is no GPIO (tests, development machines),
 * {@code gpiod} on a Raspberry Pi 4/5 or a Jetson (character devices {@code /dev/gpiochipN}; one context per chip,
 * as Pi4J's gpiod provider addresses one chip per context). Not thread-safe: the gate verticle creates its lines at
 * start.
 */
public final class Gpio implements AutoCloseable {

  private final String provider;
  private final Map<String, Context> contexts = new LinkedHashMap<>();

  private Gpio(String provider) {
    this.provider = provider;
  }

  public static Gpio open(String provider) {
    if (!provider.equals("mock") && !provider.equals("gpiod")) {
      throw new IllegalArgumentException("unknown GPIO provider '" + provider + "' (mock or gpiod)");
    }
    return new Gpio(provider);
  }

  /** The context of a chip (for the mock provider, one context stands for every chip). */
  public Context context(String chip) {
    String key = provider.equals("mock") ? "mock" : chip;
    return contexts.computeIfAbsent(key, c -> provider.equals("mock")
        ? Pi4J.newContextBuilder().noAutoDetect().add(new MockPlatform())
            .add(MockDigitalOutputProvider.newInstance(), MockDigitalInputProvider.newInstance()).build()
        : Pi4J.newContextBuilder().noAutoDetect().setGpioChipName(chip)
            .add(GpioDDigitalOutputProvider.newInstance(), GpioDDigitalInputProvider.newInstance()).build());
  }

  /** An output that is inactive (relay released) at start and when Pi4J shuts down. */
  DigitalOutput output(String chip, String id, String name, int line, boolean activeLow) {
    DigitalState off = activeLow ? DigitalState.HIGH : DigitalState.LOW;
    Context ctx = context(chip);
    return ctx.create(DigitalOutput.newConfigBuilder(ctx).id(id).name(name).address(line).initial(off).shutdown(off)
        .provider(provider.equals("mock") ? MockDigitalOutputProvider.ID : GpioDDigitalOutputProvider.ID).build());
  }

  /** An input with a pull towards its inactive level, debounced by Pi4J's default (10 ms). */
  DigitalInput input(String chip, String id, String name, int line, boolean activeLow) {
    Context ctx = context(chip);
    DigitalInput in = ctx.create(DigitalInput.newConfigBuilder(ctx).id(id).name(name).address(line)
        .pull(activeLow ? PullResistance.PULL_UP : PullResistance.PULL_DOWN)
        .provider(provider.equals("mock") ? MockDigitalInputProvider.ID : GpioDDigitalInputProvider.ID).build());
    if (in instanceof MockDigitalInput mock) {
      // a mock line has no resistor: start it where the pull would hold an open contact
      mock.mockState(activeLow ? DigitalState.HIGH : DigitalState.LOW);
    }
    return in;
  }

  /** Frees a line taken by {@link #output} or {@link #input} (its output goes to its shutdown level first). */
  void free(String chip, String id) {
    Context ctx = context(chip);
    if (ctx.registry().exists(id)) {
      ctx.shutdown(id);
    }
  }

  public String provider() {
    return provider;
  }

  @Override
  public void close() {
    contexts.values().forEach(Context::shutdown);
    contexts.clear();
  }
}
