package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.testing.Poll;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LiveFeedFanOutTest {

  /** A socket that takes writes into {@code got}, or throws as Vert.x does for a socket closed under it. */
  private static ServerWebSocket socket(List<String> got, boolean closedUnderIt) {
    return (ServerWebSocket) Proxy.newProxyInstance(ServerWebSocket.class.getClassLoader(),
        new Class<?>[] {ServerWebSocket.class}, (proxy, m, args) -> switch (m.getName()) {
          case "writeTextMessage" -> {
            if (closedUnderIt && !((String) args[0]).contains("\"snapshot\"")) {
              throw new IllegalStateException("WebSocket is closed");
            }
            got.add((String) args[0]);
            yield Future.succeededFuture();
          }
          case "isClosed", "writeQueueFull" -> false;
          case "remoteAddress" -> null;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "toString" -> "test socket";
          default -> m.getReturnType().isInstance(proxy) ? proxy : null;
        });
  }

  @Test
  @DisplayName("A dashboard whose socket fails on write is dropped alone; the others still get every fact")
  void failingSocketDroppedAlone(Vertx vertx, VertxTestContext ctx) {
    LiveFeed feed = new LiveFeed(vertx, since -> Future.succeededFuture(new JsonObject()), new Sessions());
    List<String> first = new CopyOnWriteArrayList<>();
    List<String> closing = new CopyOnWriteArrayList<>();
    List<String> last = new CopyOnWriteArrayList<>();
    vertx.runOnContext(v -> feed.start().onComplete(ctx.succeeding(s -> {
      feed.join(socket(first, false), null, null);
      feed.join(socket(closing, true), null, null);
      feed.join(socket(last, false), null, null);
      for (int i = 0; i < 3; i++) {
        vertx.eventBus().publish(Addresses.ALERT_STATE, new JsonObject().put("message", "fact " + i));
      }
      Poll.until(vertx, "facts fanned out", () -> Future.succeededFuture(last.size()), n -> n == 4)
          .onComplete(ctx.succeeding(n -> ctx.verify(() -> {
            assertThat(first).hasSize(4);
            assertThat(last.get(3)).contains("fact 2");
            assertThat(feed.clients()).isEqualTo(2);
            ctx.completeNow();
          })));
    })));
  }
}
