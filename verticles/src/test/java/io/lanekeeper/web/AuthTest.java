package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.testing.FreshDatabase;
import io.lanekeeper.testing.Poll;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("db")
@ExtendWith(VertxExtension.class)
@DisplayName("Accounts: first admin by setup token, login, roles on every route, CSRF, rate limit, audit")
class AuthTest {

  @RegisterExtension
  final FreshDatabase db = new FreshDatabase();
  private WebVerticle web;
  private WebClient anonymous;

  @TempDir
  Path data;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    WebConfig c = WebTesting.withToken(WebTesting.config(db.target(), 1 << 20, "lane-1"), "tok-operator-1",
        "operator");
    WebTesting.deploy(vertx, new WebConfig(c.http(), c.db(), c.poolSize(), c.lanes(), c.frames(),
            data.resolve("setup-token"), java.time.ZoneId.of("America/Sao_Paulo")))
        .onComplete(ctx.succeeding(w -> {
          web = w;
          anonymous = WebTesting.client(vertx, w);
          ctx.completeNow();
        }));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static JsonObject login(String name, String password) {
    return new JsonObject().put("name", name).put("password", password);
  }

  @Test
  @DisplayName("With no account, the setup token from the log creates the first admin, once; no default password")
  void firstAdmin(Vertx vertx) throws Exception {
    Poll.until("the setup token", 10, () -> web.setupToken() != null);
    // also in a file of the data directory that only the controller's user reads
    Path file = data.resolve("setup-token");
    Poll.until("the setup token file", 10, () -> Files.exists(file));
    assertThat(Files.readString(file)).isEqualTo(web.setupToken() + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(await(anonymous.get("/api/setup").send()).bodyAsJsonObject().getBoolean("needed")).isTrue();
    JsonObject admin = new JsonObject().put("name", "alice").put("password", "a long passphrase 42");
    HttpResponse<Buffer> wrong = await(anonymous.post("/api/setup").sendJsonObject(admin.copy().put("token", "nope")));
    assertThat(wrong.statusCode()).isEqualTo(403);
    HttpResponse<Buffer> weak = await(anonymous.post("/api/setup")
        .sendJsonObject(admin.copy().put("token", web.setupToken()).put("password", "short")));
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(weak.bodyAsJsonObject().getString("field")).isEqualTo("password");
    String token = web.setupToken();
    HttpResponse<Buffer> ok = await(anonymous.post("/api/setup").sendJsonObject(admin.copy().put("token", token)));
    assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(201);
    assertThat(ok.bodyAsJsonObject().getString("role")).isEqualTo("admin");
    assertThat(ok.getHeader("Set-Cookie")).containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
    assertThat(web.setupToken()).isNull();
    Poll.until("the used setup token file deleted", 10, () -> !Files.exists(file));
    HttpResponse<Buffer> again = await(anonymous.post("/api/setup").sendJsonObject(admin.copy().put("token", token)
        .put("name", "mallory")));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(1);
    assertThat(db.count("SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$v=19$%'")).isEqualTo(1);
    assertThat(await(anonymous.post("/api/login").sendJsonObject(login("alice", "a long passphrase 42")))
        .statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("Every API route refuses anonymous requests (401) and roles below its own (403); health stays open")
  void rolesEnforced(Vertx vertx) throws Exception {
    assertThat(await(anonymous.get("/health").send()).statusCode()).isIn(200, 503);
    for (String path : new String[] {"/api/plates", "/api/events", "/api/lanes", "/api/passes", "/api/lots",
        "/api/users", "/api/audit", "/api/events.csv", "/api/gates/lane-1"}) {
      HttpResponse<Buffer> r = await(anonymous.get(path).send());
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("unauthenticated");
    }
    assertThat(await(anonymous.post("/api/plates").sendJsonObject(new JsonObject().put("plate", "ABC1234")))
        .statusCode()).isEqualTo(401);
    WebClientSession viewer = await(WebTesting.login(vertx, web, db.target(), "viewer"));
    assertThat(await(viewer.get("/api/plates").send()).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> add = await(viewer.post("/api/plates").sendJsonObject(new JsonObject().put("plate", "AB1")));
    assertThat(add.statusCode()).isEqualTo(403);
    assertThat(add.bodyAsJsonObject().getString("message")).contains("admin");
    assertThat(await(viewer.post("/api/gates/lane-1/open").sendJsonObject(new JsonObject().put("why", "x")))
        .statusCode()).isEqualTo(403);
    assertThat(await(viewer.get("/api/users").send()).statusCode()).isEqualTo(403);
    assertThat(await(viewer.get("/api/audit").send()).statusCode()).isEqualTo(403);
    WebClientSession operator = await(WebTesting.login(vertx, web, db.target(), "operator"));
    assertThat(await(operator.post("/api/plates").sendJsonObject(new JsonObject().put("plate", "AB1")))
        .statusCode()).isEqualTo(403);
    // an API token acts with its own role, without cookies or CSRF
    WebClient device = WebTesting.client(vertx, web);
    assertThat(await(device.get("/api/lots").bearerTokenAuthentication("tok-operator-1").send()).statusCode())
        .isEqualTo(200);
    assertThat(await(device.get("/api/users").bearerTokenAuthentication("tok-operator-1").send()).statusCode())
        .isEqualTo(403);
    assertThat(await(device.get("/api/lots").bearerTokenAuthentication("guess").send()).statusCode())
        .isEqualTo(401);
  }

  @Test
  @DisplayName("A change without the session's CSRF token, or from another site, is refused")
  void csrfAndOrigin(Vertx vertx) throws Exception {
    String name = WebTesting.account(db.target(), "admin");
    WebClientSession s = WebClientSession.create(WebTesting.client(vertx, web));
    assertThat(await(s.post("/api/login").sendJsonObject(login(name, WebTesting.PASSWORD))).statusCode())
        .isEqualTo(200);
    JsonObject plate = new JsonObject().put("plate", "CSRF123");
    HttpResponse<Buffer> noToken = await(s.post("/api/plates").sendJsonObject(plate));
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.bodyAsJsonObject().getString("error")).isEqualTo("csrf");
    JsonObject session = await(s.get("/api/session").send()).bodyAsJsonObject();
    String csrf = session.getString("csrf");
    assertThat(session.getString("timezone")).as("the site zone, for the page times").isEqualTo("America/Sao_Paulo");
    HttpResponse<Buffer> elsewhere = await(s.post("/api/plates").putHeader("X-CSRF-Token", csrf)
        .putHeader("Origin", "https://evil.example").sendJsonObject(plate));
    assertThat(elsewhere.statusCode()).isEqualTo(403);
    assertThat(elsewhere.bodyAsJsonObject().getString("error")).isEqualTo("cross_origin");
    HttpResponse<Buffer> ok = await(s.post("/api/plates").putHeader("X-CSRF-Token", csrf)
        .putHeader("Origin", "http://127.0.0.1:" + web.actualPort()).sendJsonObject(plate));
    assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(201);
    assertThat(db.count("SELECT count(*) FROM plates WHERE plate = 'CSRF123'")).isEqualTo(1);
  }

  @Test
  @DisplayName("Wrong passwords and unknown names get the same 401; the sixth try on a name waits (429)")
  void rateLimited(Vertx vertx) throws Exception {
    String name = WebTesting.account(db.target(), "viewer");
    HttpResponse<Buffer> unknown = await(anonymous.post("/api/login")
        .sendJsonObject(login("nobody", "whatever it is")));
    assertThat(unknown.statusCode()).isEqualTo(401);
    for (int i = 0; i < LoginLimiter.PER_PAIR; i++) {
      HttpResponse<Buffer> r = await(anonymous.post("/api/login").sendJsonObject(login(name, "wrong password " + i)));
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.bodyAsJsonObject().getString("message")).isEqualTo(unknown.bodyAsJsonObject().getString("message"));
    }
    HttpResponse<Buffer> limited = await(anonymous.post("/api/login").sendJsonObject(login(name, WebTesting.PASSWORD)));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(Integer.parseInt(limited.getHeader("Retry-After"))).isPositive();
  }

  private WebClient from(Vertx vertx, String address) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(web.actualPort()).setLocalAddress(address));
  }

  @Test
  @DisplayName("A guesser's good logins to their own account between wrong ones on many names do not avoid the 429")
  void ownLoginsDoNotResetTheAddress(Vertx vertx) throws Exception {
    String mine = WebTesting.account(db.target(), "viewer");
    int failed = 0;
    HttpResponse<Buffer> last = null;
    for (int i = 0; i < 3 * LoginLimiter.PER_ADDRESS; i++) {
      if (i % 7 == 3) {
        assertThat(await(anonymous.post("/api/login").sendJsonObject(login(mine, WebTesting.PASSWORD))).statusCode())
            .isEqualTo(200);
      }
      last = await(anonymous.post("/api/login").sendJsonObject(login("name-" + i, "a wrong password " + i)));
      if (last.statusCode() != 401) {
        break;
      }
      failed++;
    }
    assertThat(last.statusCode()).isEqualTo(429);
    assertThat(failed).isEqualTo(LoginLimiter.PER_ADDRESS);
  }

  @Test
  @DisplayName("Wrong passwords from another address slow the guesser; the admin logs in from where they did before")
  void guesserCannotLockTheOwnerOut(Vertx vertx) throws Exception {
    String admin = WebTesting.account(db.target(), "admin");
    assertThat(await(anonymous.post("/api/login").sendJsonObject(login(admin, WebTesting.PASSWORD))).statusCode())
        .isEqualTo(200);
    WebClient guesser = from(vertx, "127.0.0.2");
    int[] statuses = new int[2 * LoginLimiter.FREE_PER_ACCOUNT];
    for (int i = 0; i < statuses.length; i++) {
      statuses[i] = await(guesser.post("/api/login").sendJsonObject(login(admin, "guess number " + i))).statusCode();
    }
    assertThat(statuses).startsWith(401, 401, 401, 401, 401).endsWith(429);
    assertThat(await(anonymous.post("/api/login").sendJsonObject(login(admin, WebTesting.PASSWORD))).statusCode())
        .as("the owner at a known address").isEqualTo(200);
    // an address the account never used waits like the guesser while the account is under attack
    assertThat(await(from(vertx, "127.0.0.3").post("/api/login").sendJsonObject(login(admin, WebTesting.PASSWORD)))
        .statusCode()).isEqualTo(429);
  }

  @Test
  @DisplayName("Admins manage users: every change audited with who, before and after; never the last admin; "
      + "a disabled account loses its session at once")
  void usersAndAudit(Vertx vertx) throws Exception {
    WebClientSession admin = await(WebTesting.login(vertx, web, db.target(), "admin"));
    HttpResponse<Buffer> created = await(admin.post("/api/users").sendJsonObject(new JsonObject().put("name", "bob")
        .put("role", "operator").put("password", WebTesting.PASSWORD)));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.bodyAsString()).doesNotContain("argon2");
    long bob = created.bodyAsJsonObject().getLong("id");
    WebClientSession bobs = await(WebTesting.login(vertx, web, "bob"));
    assertThat(await(bobs.get("/api/lots").send()).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> disabled = await(admin.put("/api/users/" + bob).sendJsonObject(new JsonObject()
        .put("disabled", true)));
    assertThat(disabled.statusCode()).isEqualTo(200);
    assertThat(await(bobs.get("/api/lots").send()).statusCode()).isEqualTo(401);
    assertThat(await(anonymous.post("/api/login").sendJsonObject(login("bob", WebTesting.PASSWORD))).statusCode())
        .isEqualTo(401);
    // the only admin cannot be demoted
    long self = db.count("SELECT id FROM users WHERE role = 'admin'");
    HttpResponse<Buffer> demote = await(admin.put("/api/users/" + self).sendJsonObject(new JsonObject()
        .put("role", "viewer")));
    assertThat(demote.statusCode()).isEqualTo(409);
    assertThat(demote.bodyAsJsonObject().getString("error")).isEqualTo("last_admin");
    // a plate edit is audited with its author and both versions
    long plate = await(admin.post("/api/plates").sendJsonObject(new JsonObject().put("plate", "AUD1234")
        .put("owner", "Ann"))).bodyAsJsonObject().getLong("id");
    assertThat(await(admin.put("/api/plates/" + plate).sendJsonObject(new JsonObject().put("plate", "AUD1234")
        .put("owner", "Ben"))).statusCode()).isEqualTo(200);
    JsonObject entry = await(admin.get("/api/audit?entity=plate").send()).bodyAsJsonObject().getJsonArray("entries")
        .getJsonObject(0);
    String adminName = db.count("SELECT 1") == 1 ? entry.getString("actor") : null;
    assertThat(adminName).startsWith("admin-");
    assertThat(entry.getString("action")).isEqualTo("update");
    assertThat(entry.getJsonObject("before").getString("owner")).isEqualTo("Ann");
    assertThat(entry.getJsonObject("after").getString("owner")).isEqualTo("Ben");
    JsonObject userEntry = await(admin.get("/api/audit?entity=user&id=" + bob).send()).bodyAsJsonObject()
        .getJsonArray("entries").getJsonObject(0);
    assertThat(userEntry.getJsonObject("after").getBoolean("disabled")).isTrue();
    assertThat(userEntry.getJsonObject("after").containsKey("password_hash")).isFalse();
  }

  @Test
  @DisplayName("Each account keeps its interface language: set on the account page or by an admin, read at login; "
      + "a new language alone ends no session")
  void languagePerAccount(Vertx vertx) throws Exception {
    WebClientSession admin = await(WebTesting.login(vertx, web, db.target(), "admin"));
    assertThat(await(admin.get("/api/session").send()).bodyAsJsonObject().getString("language")).isEqualTo("en");
    HttpResponse<Buffer> set = await(admin.put("/api/session/language").sendJsonObject(new JsonObject()
        .put("language", "pt-BR")));
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
    assertThat(set.bodyAsJsonObject().getString("language")).isEqualTo("pt-BR");
    assertThat(await(admin.get("/api/session").send()).bodyAsJsonObject().getString("language")).isEqualTo("pt-BR");
    String adminName = await(admin.get("/api/session").send()).bodyAsJsonObject().getString("name");
    assertThat(db.count("SELECT count(*) FROM users WHERE name = '" + adminName + "' AND language = 'pt-BR'"))
        .isEqualTo(1);
    HttpResponse<Buffer> unknown = await(admin.put("/api/session/language").sendJsonObject(new JsonObject()
        .put("language", "fr")));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.bodyAsJsonObject().getString("field")).isEqualTo("language");
    assertThat(await(WebTesting.client(vertx, web).put("/api/session/language").bearerTokenAuthentication(
        "tok-operator-1").sendJsonObject(new JsonObject().put("language", "en"))).bodyAsJsonObject()
        .getString("error")).isEqualTo("not_an_account");

    // an admin makes an account in the person's language; it is theirs from the first login
    HttpResponse<Buffer> created = await(admin.post("/api/users").sendJsonObject(new JsonObject().put("name", "carol")
        .put("role", "operator").put("password", WebTesting.PASSWORD).put("language", "pt-BR")));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("language")).isEqualTo("pt-BR");
    long carol = created.bodyAsJsonObject().getLong("id");
    assertThat(await(admin.post("/api/users").sendJsonObject(new JsonObject().put("name", "dave")
        .put("role", "operator").put("password", WebTesting.PASSWORD).put("language", "klingon"))).statusCode())
        .isEqualTo(400);
    WebClientSession carols = await(WebTesting.login(vertx, web, "carol"));
    assertThat(await(carols.get("/api/session").send()).bodyAsJsonObject().getString("language")).isEqualTo("pt-BR");
    // a new language keeps her logged in and shows on her next page; a new role logs her out
    assertThat(await(admin.put("/api/users/" + carol).sendJsonObject(new JsonObject().put("role", "operator")
        .put("disabled", false).put("language", "en"))).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> still = await(carols.get("/api/session").send());
    assertThat(still.statusCode()).isEqualTo(200);
    assertThat(still.bodyAsJsonObject().getString("language")).isEqualTo("en");
    assertThat(await(admin.put("/api/users/" + carol).sendJsonObject(new JsonObject().put("role", "viewer")))
        .statusCode()).isEqualTo(200);
    assertThat(await(carols.get("/api/session").send()).statusCode()).isEqualTo(401);
    JsonObject change = await(admin.get("/api/audit?entity=user&id=" + carol).send()).bodyAsJsonObject()
        .getJsonArray("entries").getJsonObject(1);
    assertThat(change.getJsonObject("before").getString("language")).isEqualTo("pt-BR");
    assertThat(change.getJsonObject("after").getString("language")).isEqualTo("en");
  }
}
