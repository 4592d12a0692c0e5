package io.lanekeeper.agent.bench;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.lanekeeper.agent.anpr.EvalMetrics;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.GateCommand;
import io.lanekeeper.config.GateConfig;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.gate.GateVerticle;
import io.lanekeeper.gate.Gpio;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Decision to relay edge: a verticle on its own event loop (as the matcher is) takes a decision, stamps it and
 * sends the gate command over the event bus exactly as the matcher does; the time is taken again when Pi4J's mock
 * provider reports the relay output's rising edge. {@code lanekeeper bench gate [--iterations N] [--md FILE]}.
 */
public final class GateBench {

  private GateBench() {
  }

  public static int run(String[] args, PrintStream out) {
    int iterations = 2000;
    String md = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--md" -> md = args[++i];
        default -> {
          System.err.println("usage: bench gate [--iterations N] [--md FILE]");
          return 2;
        }
      }
    }
    Vertx vertx = Vertx.vertx();
    Gpio gpio = Gpio.open("mock");
    try {
      GateConfig site = GateConfig.from(new JsonObject().put("provider", "mock"));
      List<LaneConfig> lanes = LaneConfig.listFrom(new JsonArray().add(new JsonObject().put("id", "bench")
          .put("gate", new JsonObject().put("relayLine", 17).put("mode", "hold").put("travelMs", 0)
              .put("autoCloseMs", 60_000))), site);
      await(vertx.deployVerticle(new GateVerticle(site, lanes, gpio)));
      DigitalOutput relay = (DigitalOutput) gpio.context("mock").getIO("relay-bench");
      long[] edgeNanos = new long[1];
      relay.addListener(e -> {
        if (e.state() == DigitalState.HIGH) {
          edgeNanos[0] = toNanos(Instant.now());
        }
      });
      Decider decider = new Decider();
      await(vertx.deployVerticle(decider));
      int warmup = Math.min(500, iterations / 2);
      double[] us = new double[iterations];
      for (int i = -warmup; i < iterations; i++) {
        edgeNanos[0] = 0;
        long decided = await(decider.decideAndOpen());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (edgeNanos[0] == 0 && System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        if (edgeNanos[0] == 0) {
          throw new IllegalStateException("the relay never moved");
        }
        if (i >= 0) {
          us[i] = (edgeNanos[0] - decided) / 1000.0;
        }
        await(decider.close());
        Thread.sleep(2);
      }
      Arrays.sort(us);
      String report = String.format("""
          # Decision to relay edge

          `scripts/bench gate --iterations %d` (Pi4J mock provider, %s, %d CPUs, Java %s): a decision taken on one
          event loop, the gate command sent over the event bus as the matcher sends it, the relay's rising edge
          reported by the provider on the gate's event loop.

          | iterations | p50 | p90 | p99 | max |
          |---|---|---|---|---|
          | %d | %.0f µs | %.0f µs | %.0f µs | %.0f µs |
          """, iterations, System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
          Runtime.version(), iterations, EvalMetrics.percentile(us, 50), EvalMetrics.percentile(us, 90),
          EvalMetrics.percentile(us, 99), us[us.length - 1]);
      out.print(report);
      if (md != null) {
        Files.writeString(Path.of(md), report);
      }
      return EvalMetrics.percentile(us, 99) < 5000 ? 0 : 1;
    } catch (Exception e) {
      System.err.println("bench gate: " + e);
      return 1;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private static long toNanos(Instant t) {
    return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Stands where the matcher stands: its own event loop, its own decision time stamp. */
  private static final class Decider extends VerticleBase {

    Future<Long> decideAndOpen() {
      Promise<Long> p = Promise.promise();
      context.runOnContext(v -> {
        Instant decidedAt = Instant.now();
        GateCommand cmd = new GateCommand("bench", "open", UUID.randomUUID().toString(), decidedAt, "auto", "bench");
        vertx.eventBus().request(Addresses.gateCommand("bench"), cmd.toJson());
        p.complete(toNanos(decidedAt));
      });
      return p.future();
    }

    Future<Void> close() {
      Promise<Void> p = Promise.promise();
      context.runOnContext(v -> vertx.eventBus().request(Addresses.gateCommand("bench"),
              new GateCommand("bench", "close", null, Instant.now(), "bench", "next iteration").toJson())
          .onComplete(r -> p.complete()));
      return p.future();
    }
  }
}
