package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.config.HttpConfig;
import io.lanekeeper.testing.FreshDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("db")
@DisplayName("Malformed fields, logins from other sites, oversized anonymous bodies, and who sees plate owners")
class RequestChecksTest {

  @RegisterExtension
  static final FreshDatabase db = new FreshDatabase();
  private static Vertx vertx;
  private static WebVerticle web;
  private static WebClient anonymous;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    // the default JSON limit (1 MB), to tell it from the anonymous one
    web = WebTesting.deploy(vertx, new WebConfig(new HttpConfig("127.0.0.1", 0, 1 << 20, 1 << 20), db.target(), 2,
        List.of(WebTesting.lane("lane-1")))).await(20, TimeUnit.SECONDS);
    anonymous = WebTesting.client(vertx, web);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(20, TimeUnit.SECONDS);
  }

  private static WebClientSession login(String role) throws Exception {
    return await(WebTesting.login(vertx, web, db.target(), role));
  }

  @Test
  @DisplayName("A pass with a field of the wrong type is a 400 naming the field, never a 500")
  void passFieldsChecked() throws Exception {
    WebClientSession operator = login("operator");
    Instant now = Instant.now();
    JsonObject pass = new JsonObject().put("plate", "VIS1234").put("validFrom", now.toString())
        .put("validTo", now.plusSeconds(3600).toString());
    for (var bad : new Object[][] {{"reserved", "yes"}, {"reserved", 1}, {"lot", 5}, {"note", false},
        {"plate", 42}, {"validFrom", 7}}) {
      HttpResponse<Buffer> r = await(operator.post("/api/passes").sendJsonObject(pass.copy().put((String) bad[0],
          bad[1])));
      assertThat(r.statusCode()).as(bad[0] + " = " + bad[1] + ": " + r.bodyAsString()).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo(bad[0]);
    }
    assertThat(await(operator.post("/api/passes").sendJsonObject(pass.copy().put("reserved", true))).statusCode())
        .isEqualTo(201);
  }

  @Test
  @DisplayName("A login from another site's page, or not sent as JSON, is refused and sets no cookie")
  void loginCsrf() throws Exception {
    String name = WebTesting.account(db.target(), "viewer");
    JsonObject body = new JsonObject().put("name", name).put("password", WebTesting.PASSWORD);
    HttpResponse<Buffer> elsewhere = await(anonymous.post("/api/login").putHeader("Origin", "https://evil.example")
        .sendJsonObject(body));
    assertThat(elsewhere.statusCode()).isEqualTo(403);
    assertThat(elsewhere.bodyAsJsonObject().getString("error")).isEqualTo("cross_origin");
    assertThat(elsewhere.cookies()).isEmpty();
    // what an HTML form on another site can send without asking: text/plain, no preflight
    HttpResponse<Buffer> plain = await(anonymous.post("/api/login").putHeader("Content-Type", "text/plain")
        .sendBuffer(body.toBuffer()));
    assertThat(plain.statusCode()).isEqualTo(415);
    assertThat(plain.cookies()).isEmpty();
    HttpResponse<Buffer> setup = await(anonymous.post("/api/setup").putHeader("Origin", "null")
        .sendJsonObject(body.copy().put("token", "x")));
    assertThat(setup.statusCode()).isEqualTo(403);
    HttpResponse<Buffer> here = await(anonymous.post("/api/login")
        .putHeader("Origin", "http://127.0.0.1:" + web.actualPort()).sendJsonObject(body));
    assertThat(here.statusCode()).isEqualTo(200);
    assertThat(here.cookies()).isNotEmpty();
  }

  @Test
  @DisplayName("A JSON route takes only JSON; a login body over a few kB is refused before it is parsed")
  void contentTypeAndSize() throws Exception {
    WebClientSession admin = login("admin");
    HttpResponse<Buffer> form = await(admin.post("/api/plates").putHeader("Content-Type",
        "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("{\"plate\": \"FORM123\"}")));
    assertThat(form.statusCode()).isEqualTo(415);
    assertThat(db.count("SELECT count(*) FROM plates WHERE plate = 'FORM123'")).isZero();
    // the body handler would decode a form itself, and failed on a long field with a 500
    HttpResponse<Buffer> formImport = await(admin.post("/api/plates/import").putHeader("Content-Type",
        "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("plate=" + "A".repeat(200_000))));
    assertThat(formImport.statusCode()).isEqualTo(415);
    String huge = "x".repeat(1 << 20);
    HttpResponse<Buffer> big = await(anonymous.post("/api/login")
        .sendJsonObject(new JsonObject().put("name", "someone").put("password", huge)));
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.bodyAsJsonObject().getString("message")).contains(Long.toString(ApiRoutes.ANONYMOUS_BODY_BYTES));
    // a logged-in route keeps the configured limit: 1,900 euro signs are 5.7 kB
    HttpResponse<Buffer> note = await(admin.post("/api/plates").sendJsonObject(new JsonObject().put("plate", "BIG1234")
        .put("notes", "\u20ac".repeat(1900))));
    assertThat(note.statusCode()).as(note.bodyAsString()).isEqualTo(201);
  }

  @Test
  @DisplayName("A viewer sees plates and passes without owners and notes, and cannot find a plate by its owner; "
      + "an operator sees and exports them")
  void ownersForOperators() throws Exception {
    db.exec("INSERT INTO plates (plate, display, owner, notes) VALUES ('OWN1234', 'OWN-1234', 'Jane Roe', 'flat 4')");
    db.exec("INSERT INTO passes (plate, valid_from, valid_to, note) VALUES ('VIS9999', now(), now() + interval '1 h', "
        + "'visiting Jane Roe')");
    WebClientSession viewer = login("viewer");
    WebClientSession operator = login("operator");

    JsonObject seen = await(viewer.get("/api/plates").addQueryParam("q", "OWN").send()).bodyAsJsonObject()
        .getJsonArray("plates").getJsonObject(0);
    assertThat(seen.getString("plate")).isEqualTo("OWN1234");
    assertThat(seen.fieldNames()).doesNotContain("owner", "notes");
    String one = await(viewer.get("/api/plates/" + seen.getLong("id")).send()).bodyAsString();
    String passes = await(viewer.get("/api/passes").send()).bodyAsString();
    assertThat(one + passes).doesNotContain("Jane").doesNotContain("flat 4");
    assertThat(await(viewer.get("/api/plates").addQueryParam("q", "Jane").send()).bodyAsJsonObject()
        .getLong("total")).isZero();
    assertThat(await(viewer.get("/api/plates.csv").send()).statusCode()).isEqualTo(403);

    JsonObject full = await(operator.get("/api/plates").addQueryParam("q", "Jane").send()).bodyAsJsonObject()
        .getJsonArray("plates").getJsonObject(0);
    assertThat(full.getString("owner")).isEqualTo("Jane Roe");
    assertThat(full.getString("notes")).isEqualTo("flat 4");
    assertThat(await(operator.get("/api/passes").send()).bodyAsString()).contains("visiting Jane Roe");
    HttpResponse<Buffer> csv = await(operator.get("/api/plates.csv").send());
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.bodyAsString()).contains("Jane Roe");
  }

  @Test
  @DisplayName("Another method on an API path is a 405, a path the API lacks a 404, and files answer GET and HEAD")
  void methodsAndPaths() throws Exception {
    WebClientSession admin = login("admin");
    var wrongMethod = await(admin.delete("/api/lanes").send());
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.bodyAsJsonObject().getString("error")).isEqualTo("method_not_allowed");
    assertThat(await(admin.post("/health").send()).statusCode()).isEqualTo(405);
    var noSuchPath = await(admin.delete("/api/nothing-here").send());
    assertThat(noSuchPath.statusCode()).isEqualTo(404);
    assertThat(noSuchPath.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
    assertThat(await(admin.get("/api/nothing-here").send()).statusCode()).isEqualTo(404);
    assertThat(await(anonymous.get("/").send()).bodyAsString()).contains("<html");
    assertThat(await(anonymous.head("/js/api.js").send()).statusCode()).isEqualTo(200);
    assertThat(await(anonymous.post("/index.html").send()).statusCode()).isEqualTo(405);
  }
}
