package io.lanekeeper.gate;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.CameraTrigger;
import io.lanekeeper.bus.GateAction;
import io.lanekeeper.bus.GateCommand;
import io.lanekeeper.bus.GateState;
import io.lanekeeper.config.GateConfig;
import io.lanekeeper.config.LaneConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the barriers, one {@link GateMachine} per lane with a barrier. Commands arrive by request/reply on
 * {@code gate.<lane>.command} and answer with the gate's state (or fail with a code and the reason); the state of
 * each lane is published on {@code gate.state} at every change, every action (done or refused) on
 * {@code gate.action} for the audit, and a vehicle arriving on the loop of a closed barrier asks the lane's camera
 * for a burst on {@code camera.<lane>.trigger}.
 *
 * <p>Relays go to their safe state (released) when the verticle stops and, through a JVM shutdown hook, when the
 * process is terminated; what the hardware must do when the process dies without either is in {@code docs/gate.md}.
 *
 * <p>Config: {@link GateConfig} and the lanes, given at construction.
 */
public class GateVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GateVerticle.class);

  private final Gpio injected;
  private final GateConfig cfg;
  private final List<LaneConfig> lanes;
  private Gpio gpio;
  private final Map<String, GateMachine> machines = new LinkedHashMap<>();
  /** Each lane's driver; read by the shutdown hook from another thread. */
  private final Map<String, GateDriver> drivers = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, List<MessageConsumer<?>>> laneConsumers = new LinkedHashMap<>();
  /** New wiring for lanes whose barrier was not closed when an admin changed it; applied when it closes. */
  private final Map<String, LaneConfig> pending = new LinkedHashMap<>();
  private Thread shutdownHook;

  /** @param lanes the lanes with the site's gate timings filled in ({@link LaneConfig#listFrom(Object, GateConfig)}) */
  public GateVerticle(GateConfig cfg, List<LaneConfig> lanes) {
    this(cfg, lanes, null);
  }

  /** With the GPIO contexts given (tests drive the mock provider's inputs through them); the verticle closes it. */
  public GateVerticle(GateConfig cfg, List<LaneConfig> lanes, Gpio gpio) {
    this.cfg = cfg;
    this.lanes = List.copyOf(lanes);
    this.injected = gpio;
  }

  @Override
  public Future<?> start() {
    gpio = injected;
    return vertx.executeBlocking(() -> {
      // creating the lines talks to the kernel (gpiod): off the event loop
      Map<String, GateDriver> made = new LinkedHashMap<>();
      for (LaneConfig l : lanes) {
        GateDriver d = driverFor(l);
        if (d != null) {
          made.put(l.id(), d);
        }
      }
      return made;
    }).map(made -> {
      drivers.putAll(made);
      shutdownHook = new Thread(() -> drivers.values().forEach(GateDriver::release), "lanekeeper-gate-safe-state");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      for (LaneConfig l : lanes) {
        install(l, made.get(l.id()));
      }
      vertx.eventBus().<JsonObject>localConsumer(Addresses.GATE_RECONFIGURE, this::reconfigure);
      LOG.info("Gate ready on provider {} for lanes {}", gpio == null ? "none" : gpio.provider(), machines.keySet());
      return null;
    });
  }

  /** The lane's driver, or null when it has no barrier; blocking (GPIO lines are opened here). */
  private GateDriver driverFor(LaneConfig l) {
    return switch (l.gate().driver()) {
      case "gpio" -> {
        if (gpio == null) {
          gpio = injected != null ? injected : Gpio.open(cfg.provider());
        }
        yield new GpioGateDriver(gpio, l.id(), l.gate());
      }
      case "mqtt" -> new MqttRelayDriver(vertx, l.gate());
      default -> null;
    };
  }

  private void install(LaneConfig l, GateDriver d) {
    if (d == null) {
      // site-wide: a lane's id is unique in the site, and a dashboard of any device may open its barrier
      laneConsumers.put(l.id(), List.of(vertx.eventBus().<JsonObject>consumer(Addresses.gateCommand(l.id()),
          m -> m.fail(409, "lane " + l.id() + " has no barrier (gate driver 'none')"))));
      return;
    }
    attach(l, d);
    LOG.info("Gate {}: {} mode, {}", l.id(), l.gate().mode(), d.describe());
  }

  /**
   * A lane's new wiring from an admin: at once when its barrier is closed (or it has none), else when it next
   * closes, so a barrier is never left open or moving by a change of pins.
   */
  private void reconfigure(Message<JsonObject> msg) {
    LaneConfig l;
    try {
      l = LaneConfig.from(msg.body(), "lane.", cfg);
    } catch (RuntimeException e) {
      msg.fail(400, e.getMessage());
      return;
    }
    GateMachine m = machines.get(l.id());
    if (m != null && !"closed".equals(m.snapshot().state())) {
      pending.put(l.id(), l);
      LOG.info("Gate {}: new wiring waits until the barrier is closed (now {})", l.id(), m.snapshot().state());
      msg.reply(new JsonObject().put("gate", "pending"));
      return;
    }
    swap(l).onSuccess(v -> msg.reply(new JsonObject().put("gate", drivers.containsKey(l.id()) ? "applied" : "none")))
        .onFailure(e -> msg.fail(500, "lane " + l.id() + ": " + e.getMessage()));
  }

  /** Takes the lane's barrier out (outputs safe, lines given back) and puts it back with its new wiring. */
  private Future<Void> swap(LaneConfig l) {
    pending.remove(l.id());
    GateMachine old = machines.remove(l.id());
    GateDriver oldDriver = drivers.remove(l.id());
    laneConsumers.getOrDefault(l.id(), List.of()).forEach(MessageConsumer::unregister);
    laneConsumers.remove(l.id());
    return vertx.executeBlocking(() -> {
      if (old != null) {
        old.stop();
      }
      if (oldDriver != null) {
        oldDriver.close();
      }
      return driverFor(l);
    }).map(d -> {
      if (d != null) {
        drivers.put(l.id(), d);
      }
      install(l, d);
      LOG.info("Gate {}: new wiring applied", l.id());
      return null;
    });
  }

  private void attach(LaneConfig lane, GateDriver driver) {
    GateMachine m = new GateMachine(vertx, lane.id(), lane.gate(), driver, new GateMachine.Out() {
      @Override
      public void state(GateState s) {
        vertx.eventBus().publish(Addresses.GATE_STATE, s.toJson());
        LaneConfig next = pending.get(lane.id());
        if (next != null && "closed".equals(s.state())) {
          vertx.runOnContext(v -> {
            if (pending.get(lane.id()) == next) {
              swap(next).onFailure(e -> LOG.error("Gate {}: the new wiring failed: {}", lane.id(), e.toString()));
            }
          });
        }
      }

      @Override
      public void action(GateAction a) {
        vertx.eventBus().publish(Addresses.GATE_ACTION, a.toJson());
      }

      @Override
      public void trigger(int frames) {
        vertx.eventBus().publish(Addresses.cameraTrigger(lane.id()), new CameraTrigger(frames).toJson());
      }
    });
    machines.put(lane.id(), m);
    laneConsumers.put(lane.id(), List.of(
        // site-wide: a dashboard of any device of the site may open this barrier or ask its state
        vertx.eventBus().<JsonObject>consumer(Addresses.gateCommand(lane.id()), msg -> handleCommand(m, msg)),
        vertx.eventBus().<JsonObject>consumer(Addresses.gateQuery(lane.id()),
            msg -> msg.reply(m.snapshot().toJson()))));
    m.start();
  }

  private void handleCommand(GateMachine m, Message<JsonObject> msg) {
    GateCommand cmd;
    try {
      cmd = GateCommand.fromJson(msg.body());
    } catch (RuntimeException e) {
      msg.fail(400, "malformed gate command: " + e.getMessage());
      return;
    }
    m.command(cmd, cfg.maxDecisionAgeMs()).onComplete(r -> {
      if (r.succeeded()) {
        msg.reply(r.result().toJson());
      } else if (r.cause() instanceof ReplyException re) {
        msg.fail(re.failureCode(), re.getMessage());
      } else {
        msg.fail(500, r.cause().toString());
      }
    });
  }

  @Override
  public Future<?> stop() {
    machines.values().forEach(GateMachine::stop);
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs anyway
      }
    }
    if (gpio == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      gpio.close();
      return null;
    });
  }
}
