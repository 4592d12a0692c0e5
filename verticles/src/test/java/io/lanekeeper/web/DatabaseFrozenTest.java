package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.config.HttpConfig;
import io.lanekeeper.db.DbTarget;
import io.lanekeeper.testing.FreezableProxy;
import io.lanekeeper.testing.FreshDatabase;
import io.lanekeeper.testing.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL frozen as by {@code kill -STOP}: a proxy between the web's pool and the server stops forwarding. Every
 * request that needs the database answers 503 within the web's bound, and {@code /health} answers at once from
 * what it already knows.
 */
@Tag("db")
@DisplayName("The web while its database is frozen")
class DatabaseFrozenTest {

  private static final long BOUND_MS = 1000;

  @RegisterExtension
  final FreshDatabase db = new FreshDatabase();
  private Vertx vertx;
  private FreezableProxy proxy;
  private WebVerticle web;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    DbTarget real = db.target();
    proxy = new FreezableProxy(real.host(), real.port());
    vertx.deployVerticle(proxy).await(10, TimeUnit.SECONDS);
    DbTarget viaProxy = new DbTarget("127.0.0.1", proxy.port(), real.database(), real.user(), real.password());
    HttpConfig h = new HttpConfig("127.0.0.1", 0, 1 << 20, 4096);
    web = WebTesting.deploy(vertx, new WebConfig(new HttpConfig(h.host(), h.port(), h.maxFrameBytes(),
        h.maxJsonBytes(), null, false, List.of(), h.maxFrameBytesInFlight(), BOUND_MS), viaProxy, 2,
        List.of(WebTesting.lane("lane-1")))).await(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    proxy.thaw().await(10, TimeUnit.SECONDS);
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  private static HttpResponse<Buffer> timed(String what, long maxMs, io.vertx.core.Future<HttpResponse<Buffer>> call)
      throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<Buffer> r = call.await(30, TimeUnit.SECONDS);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ms).as(what + " took " + ms + " ms").isLessThanOrEqualTo(maxMs);
    return r;
  }

  @Test
  @DisplayName("Queries answer 503 database_unavailable within the bound, health within 200 ms, and both recover")
  void frozen() throws Exception {
    WebClientSession admin = WebTesting.login(vertx, web, db.target(), "admin").await(20, TimeUnit.SECONDS);
    WebClient anonymous = WebTesting.client(vertx, web);
    assertThat(admin.get("/api/events").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    Poll.until(vertx, "the database UP in health", () -> admin.get("/health").send(),
        r -> "UP".equals(r.bodyAsJsonObject().getJsonObject("database").getString("status")))
        .await(20, TimeUnit.SECONDS);

    proxy.freeze().await(10, TimeUnit.SECONDS);
    // a little over the bound: the answer is made on the event loop after the timer fires
    long answerMs = BOUND_MS + 500;
    HttpResponse<Buffer> events = timed("/api/events", answerMs, admin.get("/api/events").send());
    assertThat(events.statusCode()).as(events.bodyAsString()).isEqualTo(503);
    assertThat(events.bodyAsJsonObject().getString("error")).isEqualTo("database_unavailable");
    HttpResponse<Buffer> change = timed("POST /api/plates", answerMs,
        admin.post("/api/plates").sendJsonObject(new JsonObject().put("plate", "FRZ1234")));
    assertThat(change.statusCode()).as(change.bodyAsString()).isEqualTo(503);
    // a change that reached the database may still commit when it runs again: the answer does not say "refused"
    // (database_unavailable when no connection could even be had, so nothing was sent)
    assertThat(change.bodyAsJsonObject().getString("error")).isIn("outcome_unknown", "database_unavailable");
    // with the pool's connections all stuck, a request waits for one no longer than the bound either
    HttpResponse<Buffer> queued = timed("/api/plates", answerMs, admin.get("/api/plates").send());
    assertThat(queued.statusCode()).isEqualTo(503);

    for (int i = 0; i < 10; i++) {
      assertThat(timed("/health", 200, anonymous.get("/health").send()).statusCode()).isIn(200, 503);
      assertThat(timed("/health with a session", 200, admin.get("/health").send()).statusCode()).isIn(200, 503);
    }
    JsonObject down = Poll.until(vertx, "the database DOWN in health", () -> anonymous.get("/health").send(),
        r -> "DOWN".equals(r.bodyAsJsonObject().getJsonObject("database").getString("status")))
        .await(20, TimeUnit.SECONDS).bodyAsJsonObject();
    assertThat(down.getString("status")).isEqualTo("DOWN");

    proxy.thaw().await(10, TimeUnit.SECONDS);
    Poll.until(vertx, "the history back", () -> admin.get("/api/events").send(), r -> r.statusCode() == 200)
        .await(20, TimeUnit.SECONDS);
    Poll.until(vertx, "the database UP again in health", () -> anonymous.get("/health").send(),
        r -> "UP".equals(r.bodyAsJsonObject().getJsonObject("database").getString("status")))
        .await(20, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("A statement the client gave up on is cancelled by the server too (statement_timeout)")
  void serverCancelsToo() throws Exception {
    Database direct = new Database(vertx, db.target(), 1, 300);
    try {
      long t0 = System.nanoTime();
      Throwable e = direct.query("SELECT pg_sleep(20)", Tuple.tuple()).map(rows -> (Throwable) null)
          .otherwise(t -> t).await(10, TimeUnit.SECONDS);
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
      assertThat(e).isInstanceOf(ApiError.class);
      assertThat(((ApiError) e).status()).isEqualTo(503);
      Poll.until("the sleep cancelled on the server", 5,
          () -> db.count("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(20)%' "
              + "AND state = 'active'") == 0);
    } finally {
      direct.close().await(10, TimeUnit.SECONDS);
    }
  }
}
