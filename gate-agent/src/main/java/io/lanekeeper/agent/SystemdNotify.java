package io.lanekeeper.agent;

import io.lanekeeper.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's readiness and watchdog protocol when the service runs under it ({@code NOTIFY_SOCKET} set): READY=1 once
 * the controller runs, then WATCHDOG=1 at half the unit's {@code WatchdogSec} as long as an event loop runs the timer
 * and every lane's gate answers its state within a second. A hung event loop or gate therefore stops the pings and
 * systemd restarts the service. The JDK has no AF_UNIX datagram sockets, so the messages go through
 * {@code systemd-notify --pid=<this process>} (the unit has {@code NotifyAccess=all}).
 */
final class SystemdNotify {

  private static final Logger LOG = LoggerFactory.getLogger(SystemdNotify.class);

  private SystemdNotify() {
  }

  /** {@code lanes}: the lanes with a barrier (each answers {@code gate.<lane>.query}). */
  static void ready(Vertx vertx, List<String> lanes) {
    if (System.getenv("NOTIFY_SOCKET") == null) {
      return;
    }
    send(vertx, "--ready", "--status=running, " + lanes.size() + " lanes");
    String usec = System.getenv("WATCHDOG_USEC");
    if (usec == null) {
      return;
    }
    long everyMs = Math.max(1000, TimeUnit.MICROSECONDS.toMillis(Long.parseLong(usec)) / 2);
    LOG.info("systemd watchdog: a ping every {} ms while the gates answer", everyMs);
    vertx.setPeriodic(everyMs, t -> {
      List<Future<?>> gates = new ArrayList<>();
      for (String lane : lanes) {
        gates.add(vertx.eventBus().request(Addresses.gateQuery(lane), new JsonObject(),
            new DeliveryOptions().setSendTimeout(1000)));
      }
      Future.all(gates)
          .onSuccess(v -> send(vertx, "WATCHDOG=1"))
          .onFailure(e -> LOG.error("A gate does not answer ({}): no watchdog ping", e.getMessage()));
    });
  }

  private static void send(Vertx vertx, String... args) {
    vertx.executeBlocking(() -> {
      List<String> cmd = new ArrayList<>(List.of("systemd-notify", "--pid=" + ProcessHandle.current().pid()));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("systemd-notify did not return");
      }
      return p.exitValue();
    }, false).onComplete(r -> {
      if (r.failed() || r.result() != 0) {
        LOG.warn("systemd-notify {} failed: {}", String.join(" ", args), r.failed() ? r.cause().getMessage()
            : "exit " + r.result());
      }
    });
  }
}
