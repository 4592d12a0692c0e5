package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.db.DbTarget;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The web with its database down")
class HealthDatabaseDownTest {

  private WebClient client;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    DbTarget nowhere = new DbTarget("127.0.0.1", WebTesting.closedPort(), "lanekeeper", "postgres", "secret");
    // nobody can log in without the database; a device's API token still works
    WebTesting.deploy(vertx, WebTesting.withToken(WebTesting.config(nowhere, 1 << 20, "lane-1"), TOKEN, "viewer"))
        .onComplete(ctx.succeeding(web -> {
          client = WebClientSession.create(WebTesting.client(vertx, web)).addHeader("Authorization", "Bearer " + TOKEN);
          ctx.completeNow();
        }));
  }

  private static final String TOKEN = "a-device-token-of-some-length";

  @Test
  @DisplayName("The verticle starts, health says the database is DOWN, and the server keeps answering")
  void healthDown(VertxTestContext ctx) {
    client.get("/health").send()
        .compose(health -> {
          ctx.verify(() -> {
            JsonObject h = health.bodyAsJsonObject();
            assertThat(h.getJsonObject("database").getString("status")).isEqualTo("DOWN");
            assertThat(h.getJsonObject("database").getString("detail")).doesNotContain("secret");
            // Neither the database nor a model: nothing can be recognised or recorded.
            assertThat(h.getString("status")).isEqualTo("DOWN");
            assertThat(health.statusCode()).isEqualTo(503);
          });
          return client.get("/api/plates").send();
        })
        .compose(plates -> {
          ctx.verify(() -> {
            assertThat(plates.statusCode()).isEqualTo(503);
            assertThat(plates.bodyAsJsonObject().getString("error")).isEqualTo("database_unavailable");
          });
          return client.get("/api/lanes").send();
        })
        .onComplete(ctx.succeeding(lanes -> ctx.verify(() -> {
          assertThat(lanes.statusCode()).isEqualTo(200);
          assertThat(lanes.bodyAsJsonObject().getString("source")).isEqualTo("configuration");
          assertThat(lanes.bodyAsJsonObject().getJsonArray("lanes").getJsonObject(0).getString("id"))
              .isEqualTo("lane-1");
          ctx.completeNow();
        })));
  }
}
