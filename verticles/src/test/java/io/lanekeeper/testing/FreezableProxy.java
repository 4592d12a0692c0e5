package io.lanekeeper.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy in front of a server that can freeze it, as {@code kill -STOP} freezes PostgreSQL: while frozen,
 * connections are accepted and bytes are taken, but nothing is forwarded either way and nothing answers; thawed,
 * what was held goes through and the connections carry on.
 */
public final class FreezableProxy extends VerticleBase {

  private final String host;
  private final int port;
  private final List<Link> links = new ArrayList<>();
  private NetServer server;
  private NetClient client;
  private boolean frozen;

  public FreezableProxy(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(this::accept);
    return server.listen(0, "127.0.0.1");
  }

  @Override
  public Future<?> stop() {
    List.copyOf(links).forEach(Link::close);
    return server.close().eventually(() -> client.close());
  }

  /** The port the proxy listens on. */
  public int port() {
    return server.actualPort();
  }

  /** Stops forwarding, on the proxy's own thread; completes once frozen. */
  public Future<Void> freeze() {
    return onContext(true);
  }

  public Future<Void> thaw() {
    return onContext(false);
  }

  private Future<Void> onContext(boolean freeze) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      frozen = freeze;
      links.forEach(l -> l.hold(freeze));
      done.complete();
    });
    return done.future();
  }

  private void accept(NetSocket downstream) {
    downstream.pause();
    client.connect(port, host).onSuccess(upstream -> {
      Link l = new Link(downstream, upstream);
      links.add(l);
      l.hold(frozen);
    }).onFailure(e -> downstream.close());
  }

  /** One client's connection and the proxy's to the server, bytes copied both ways while not held. */
  private final class Link {
    final NetSocket down;
    final NetSocket up;

    Link(NetSocket down, NetSocket up) {
      this.down = down;
      this.up = up;
      down.handler(up::write);
      up.handler(down::write);
      down.closeHandler(v -> close());
      up.closeHandler(v -> close());
    }

    void hold(boolean held) {
      if (held) {
        down.pause();
        up.pause();
      } else {
        down.resume();
        up.resume();
      }
    }

    void close() {
      if (!links.remove(this)) {
        return;
      }
      down.close();
      up.close();
    }
  }
}
