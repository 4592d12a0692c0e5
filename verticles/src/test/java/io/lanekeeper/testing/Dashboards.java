package io.lanekeeper.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * A test's dashboard connection to a whole controller. Once in a while (seen in CI) a handshake was closed before
 * any route answered it. The likely cause, found on 2026-12-04: the tests made their client inline
 * ({@code vertx.createWebSocketClient().connect(..)}), and Vert.x closes a client that nothing refers to once the
 * garbage collector finds it, cutting a handshake in flight at once and open sockets 30 s later (shown with a
 * forced GC). Tests now hold their client in a field. The page reconnects when a handshake is closed, so this still
 * does what the page does: a closed handshake is tried again, a refused one (401, 403) is not.
 */
public final class Dashboards {

  private Dashboards() {
  }

  public static Future<WebSocket> connect(Vertx vertx, WebSocketClient client, WebSocketConnectOptions options,
      int tries) {
    return client.connect(options).recover(e -> {
      if (tries <= 1 || e instanceof UpgradeRejectedException) {
        return Future.failedFuture(e);
      }
      System.err.println("dashboard handshake failed (" + e + "); connecting again as the page would");
      return Future.<Void>future(p -> vertx.setTimer(200, t -> p.complete()))
          .compose(x -> connect(vertx, client, options, tries - 1));
    });
  }
}
