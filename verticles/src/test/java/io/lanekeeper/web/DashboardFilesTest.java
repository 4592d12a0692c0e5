package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.db.DbTarget;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The dashboard's files")
class DashboardFilesTest {

  private WebClient client;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    // The files need no database.
    DbTarget nowhere = new DbTarget("127.0.0.1", WebTesting.closedPort(), "lanekeeper", "postgres", "");
    WebTesting.deploy(vertx, WebTesting.config(nowhere, 1 << 20, "lane-1"))
        .onComplete(ctx.succeeding(web -> {
          client = WebTesting.client(vertx, web);
          ctx.completeNow();
        }));
  }

  @Test
  @DisplayName("The index page and its module are served from the classpath with the content security policy")
  void indexWithPolicy(VertxTestContext ctx) {
    client.get("/").send()
        .compose(index -> {
          ctx.verify(() -> {
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.getHeader("Content-Type")).startsWith("text/html");
            assertThat(index.getHeader("Content-Security-Policy")).isEqualTo(WebVerticle.CSP);
            assertThat(index.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(index.bodyAsString()).contains("<script type=\"module\" src=\"app.js\"></script>")
                .doesNotContain("style=").doesNotContain("onclick");
          });
          return client.get("/app.js").send();
        })
        .compose(js -> {
          ctx.verify(() -> {
            assertThat(js.statusCode()).isEqualTo(200);
            assertThat(js.getHeader("Content-Type")).contains("javascript");
            assertThat(js.bodyAsString()).doesNotContain("innerHTML");
            assertThat(js.bodyAsString()).contains("textContent").doesNotContain("insertAdjacentHTML");
          });
          return client.get("/api/nothing-here").send();
        })
        .onComplete(ctx.succeeding(missing -> ctx.verify(() -> {
          assertThat(missing.statusCode()).isEqualTo(404);
          assertThat(missing.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
          assertThat(missing.getHeader("Content-Security-Policy")).isEqualTo(WebVerticle.CSP);
          ctx.completeNow();
        })));
  }
}
