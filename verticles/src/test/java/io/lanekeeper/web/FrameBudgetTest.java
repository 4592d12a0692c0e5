package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.FrameRequest;
import io.lanekeeper.bus.FrameResult;
import io.lanekeeper.bus.LocalCodec;
import io.lanekeeper.config.HttpConfig;
import io.lanekeeper.testing.FreshDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.PoolOptions;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pushed frames share one budget of bytes in flight: past it a push is turned away before its body is read. */
@Tag("db")
@ExtendWith(VertxExtension.class)
class FrameBudgetTest {

  private static final long FRAME = 1 << 20;
  private static final String TOKEN = "frame-budget-test-token";

  @RegisterExtension
  final FreshDatabase db = new FreshDatabase();
  private int port;
  private HttpClient http;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    LocalCodec.register(vertx);
    vertx.eventBus().<FrameRequest>consumer(Addresses.cameraPush("lane-1"), m -> m.reply(new FrameResult("lane-1",
        m.body().frameId(), List.of(), 1000)));
    WebConfig base = WebTesting.withToken(WebTesting.config(db.target(), FRAME, "lane-1"), TOKEN, "operator");
    HttpConfig h = base.http();
    // room for two whole frames in flight, not three
    WebConfig c = new WebConfig(new HttpConfig(h.host(), h.port(), FRAME, h.maxJsonBytes(), null, false, h.tokens(),
        FRAME * 5 / 2, h.dbTimeoutMs()), base.db(), base.poolSize(), base.lanes());
    port = WebTesting.deploy(vertx, c).await(20, TimeUnit.SECONDS).actualPort();
    http = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(10));
  }

  /** A camera's push over a plain socket, its headers sent and {@code sent} bytes of its body. */
  private java.net.Socket open(long size, int sent) throws Exception {
    java.net.Socket s = new java.net.Socket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    var out = s.getOutputStream();
    out.write(("POST /api/lanes/lane-1/frames HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
        + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + size + "\r\n\r\n")
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    byte[] body = new byte[sent];
    if (sent >= 3) {
      body[0] = (byte) 0xFF;
      body[1] = (byte) 0xD8;
      body[2] = (byte) 0xFF;
    }
    out.write(body);
    out.flush();
    return s;
  }

  /** The rest of the body, then the status line and headers of the answer. */
  private static String finish(java.net.Socket s, long rest) throws Exception {
    s.getOutputStream().write(new byte[(int) rest]);
    s.getOutputStream().flush();
    return head(s);
  }

  private static String head(java.net.Socket s) throws Exception {
    var in = s.getInputStream();
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      b.append((char) c);
    }
    return b.toString();
  }

  @Test
  @DisplayName("Two 1 MB pushes under way fill a 2.5 MB budget: a third is a 503 with Retry-After before its body "
      + "is read, and is taken once one of them has ended or its camera has gone")
  void budgetOverAllRequests(Vertx vertx) throws Exception {
    java.net.Socket first = open(FRAME, 100);
    java.net.Socket second = open(FRAME, 100);
    Thread.sleep(300);
    try (java.net.Socket third = open(FRAME, 100)) {
      String refused = finish(third, FRAME - 100);
      assertThat(refused).startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 1");
    }
    // one ends (its body complete); the other's camera goes away mid-body: both give their share back
    assertThat(finish(first, FRAME - 100)).doesNotStartWith("HTTP/1.1 503").startsWith("HTTP/1.1 ");
    first.close();
    second.close();
    Thread.sleep(300);
    java.net.Socket a = open(FRAME, 100);
    java.net.Socket b = open(FRAME, 100);
    assertThat(finish(a, FRAME - 100)).as("a push after the others ended").doesNotStartWith("HTTP/1.1 503");
    assertThat(finish(b, FRAME - 100)).as("a second one").doesNotStartWith("HTTP/1.1 503");
    a.close();
    b.close();
  }
}
