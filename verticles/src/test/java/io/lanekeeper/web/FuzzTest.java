package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.testing.RunningController;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write route of the API (the POST, PUT and DELETE operations of openapi.json) on the whole controller, with
 * bodies drawn from a grammar of wrong types, empty and huge strings, control characters and NUL, extreme numbers and
 * dates, nested junk and unknown fields, sent with a role that lets the body be parsed. Seeded:
 * {@code -Dlanekeeper.fuzz.seed=N} replays a run, and a failure names its seed. Nothing may answer 5xx, and the
 * controller must be healthy afterwards.
 */
@Tag("db")
@DisplayName("Fuzzed bodies on every write route: never a 5xx, the controller healthy after")
class FuzzTest {

  private static final Logger LOG = LoggerFactory.getLogger(FuzzTest.class);
  private static final long SEED = Long.getLong("lanekeeper.fuzz.seed", 20_261_717L);
  private static final String LANE = "fuzz-1";
  private static final String TOKEN = "camera-token-for-the-fuzz-test";

  @TempDir
  static Path dir;
  private static RunningController running;
  private static Vertx vertx;
  private static String adminName;
  private static WebClientSession admin;
  private static WebClient anonymous;

  @BeforeAll
  static void start() throws Exception {
    running = new RunningController(dir, 2, 717171, TOKEN, new JsonObject().put("id", LANE)
        .put("gate", new JsonObject().put("relayLine", 22)), new JsonObject().put("autoCloseMs", 300)
        .put("travelMs", 50));
    vertx = running.vertx;
    adminName = WebTesting.account(running.db.target(), "admin");
    admin = WebTesting.login(vertx, running.controller.httpPort(), adminName).await(20, TimeUnit.SECONDS);
    anonymous = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(running.controller.httpPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (running != null) {
      running.close();
    }
  }

  /** A JSON value written as it stands: numbers no Java type holds, broken syntax. */
  private record Raw(String text) {
  }

  /**
   * One route: how to send it, the fields it knows (a nested map for an object, a list of one for an array), and a
   * body it takes, which a share of the bodies changes in one place only, to reach past the first check.
   */
  private record Route(HttpMethod method, String path, Map<String, Object> fields, JsonObject valid, int bodies,
                       String role) {
  }

  private final Random random = new Random(SEED);

  @Test
  @DisplayName("A few thousand bodies, each answered below 500; health, reads and logins work after")
  void fuzz() throws Exception {
    long plate = id(admin.post("/api/plates").sendJsonObject(new JsonObject().put("plate", "FUZ1234")));
    long pass = id(admin.post("/api/passes").sendJsonObject(new JsonObject().put("plate", "PAS1234")
        .put("validFrom", "2026-01-01T00:00:00Z").put("validTo", "2036-01-01T00:00:00Z")));
    running.db.exec("INSERT INTO lots (id, name) VALUES ('fuzz-lot', 'Fuzz')");
    List<String> victims = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String name = WebTesting.account(running.db.target(), "viewer");
      victims.add(Long.toString(running.db.count("SELECT id FROM users WHERE name = '" + name + "'")));
    }
    String passwordUser = WebTesting.account(running.db.target(), "viewer");
    WebClientSession own = WebTesting.login(vertx, running.controller.httpPort(), passwordUser)
        .await(20, TimeUnit.SECONDS);
    String logoutUser = WebTesting.account(running.db.target(), "viewer");

    Map<String, Object> plateFields = fields("plate", null, "kind", null, "owner", null, "notes", null,
        "validFrom", null, "validTo", null, "lanes", null,
        "schedule", fields("windows", List.of(fields("days", null, "from", null, "to", null))));
    Map<String, Object> lane = fields("id", null, "name", null, "direction", null, "maxDistance", null,
        "formats", null, "lot", null, "antiPassback", null, "exitRule", null, "enabled", null,
        "camera", fields("type", null, "url", null, "path", null, "fps", null, "loop", null, "intervalMs", null,
            "roi", null, "motionThreshold", null, "reconnectMs", null, "command", null),
        "gate", fields("driver", null, "chip", null, "relayLine", null, "closeLine", null, "activeLow", null,
            "mode", null, "pulseMs", null, "autoCloseMs", null, "travelMs", null, "loopLine", null,
            "loopActiveLow", null, "positionLine", null, "positionActiveLow", null, "burstFrames", null,
            "relayTopic", null, "relayOn", null, "relayOff", null));
    // the ids that reach the body come up most often; the others try the path's own checks
    String ids = "{" + String.join(",", victims) + "," + String.join(",", victims) + ",0,-1,abc,99999999999999999999,"
        + "1.5,%00}";
    String from = "2026-01-01T00:00:00Z";
    String to = "2027-01-01T00:00:00Z";
    JsonObject aPlate = new JsonObject().put("plate", "ABC1234").put("kind", "allow").put("owner", "Jane")
        .put("notes", "n").put("validFrom", from).put("validTo", to).put("lanes", new JsonArray()
            .add(LANE)).put("schedule", new JsonObject().put("windows", new JsonArray()
            .add(new JsonObject().put("days", new JsonArray().add("mon")).put("from", "07:00")
                .put("to", "19:00"))));
    JsonObject aLane = new JsonObject().put("id", "fuzz-9").put("name", "Fuzz").put("formats",
        new JsonArray().add("BR")).put("camera", new JsonObject().put("type", "push"))
        .put("gate", new JsonObject().put("driver", "none"));
    JsonObject sameLane = new JsonObject().put("id", LANE).put("name", "Fuzz").put("formats",
        new JsonArray().add("BR")).put("camera", new JsonObject().put("type", "push"))
        .put("gate", new JsonObject().put("relayLine", 22));
    JsonObject aPassword = new JsonObject().put("password", "a long enough passphrase");
    List<Route> routes = List.of(
        new Route(HttpMethod.POST, "/api/logout", fields(), new JsonObject(), 8, "logout"),
        new Route(HttpMethod.POST, "/api/lanes/" + LANE + "/frames", fields(), null, 60, "frames"),
        new Route(HttpMethod.POST, "/api/gates/" + LANE + "/{open,close,reset,open,close,reset,fly}",
            fields("why", null), new JsonObject().put("why", "fuzz"), 150, "admin"),
        new Route(HttpMethod.POST, "/api/plates", plateFields, aPlate, 200, "admin"),
        new Route(HttpMethod.PUT, "/api/plates/{" + plate + "," + plate + "," + plate + ",0,-7,x,12345678901234567890}",
            plateFields, aPlate, 200, "admin"),
        new Route(HttpMethod.POST, "/api/plates/import", plateFields, aPlate, 150, "import"),
        new Route(HttpMethod.DELETE, "/api/plates/{999999,0,abc," + plate + "}", fields(), null, 40, "admin"),
        new Route(HttpMethod.POST, "/api/passes", fields("plate", null, "lot", null, "validFrom", null, "validTo", null,
            "reserved", null, "note", null), new JsonObject().put("plate", "VIS1234").put("lot", "fuzz-lot")
            .put("validFrom", from).put("validTo", to).put("reserved", true).put("note", "n"), 200, "admin"),
        new Route(HttpMethod.DELETE, "/api/passes/{" + pass + ",0,-1,x,1e3}", fields(), null, 40, "admin"),
        new Route(HttpMethod.POST, "/api/lots", fields("id", null, "name", null, "capacity", null),
            new JsonObject().put("id", "lot-x").put("name", "X").put("capacity", 10), 150, "admin"),
        new Route(HttpMethod.PUT, "/api/lots/{fuzz-lot,fuzz-lot,fuzz-lot,nope,%20}", fields("name", null, "capacity",
            null), new JsonObject().put("name", "X").put("capacity", 5), 150, "admin"),
        new Route(HttpMethod.PUT, "/api/lots/{fuzz-lot,fuzz-lot,fuzz-lot,nope}/occupancy", fields("occupancy", null),
            new JsonObject().put("occupancy", 3), 150, "admin"),
        new Route(HttpMethod.POST, "/api/users", fields("name", null, "role", null, "password", null),
            aPassword.copy().put("name", "fuzzed").put("role", "viewer"), 150, "admin"),
        new Route(HttpMethod.PUT, "/api/users/" + ids, fields("role", null, "disabled", null, "password", null),
            new JsonObject().put("role", "operator").put("disabled", false), 150, "admin"),
        new Route(HttpMethod.DELETE, "/api/users/" + ids, fields(), null, 40, "admin"),
        new Route(HttpMethod.POST, "/api/session/password", fields("current", null, "password", null),
            aPassword.copy().put("current", "not the password"), 150, "own"),
        new Route(HttpMethod.PUT, "/api/lanes/{" + LANE + "," + LANE + "," + LANE + ",nope}", lane, sameLane, 200,
            "admin"),
        new Route(HttpMethod.POST, "/api/lanes", lane, aLane, 200, "admin"),
        new Route(HttpMethod.POST, "/api/setup", fields("token", null, "name", null, "password", null),
            aPassword.copy().put("token", "x").put("name", "n"), 150, "anyone"),
        new Route(HttpMethod.POST, "/api/login", fields("name", null, "password", null),
            aPassword.copy().put("name", "someone"), 150, "anyone"));

    JsonObject before = health();
    Map<String, Map<Integer, Integer>> statuses = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    int sent = 0;
    byte[] frame = Files.readAllBytes(running.frames.getFirst());
    for (Route r : routes) {
      Map<Integer, Integer> seen = statuses.computeIfAbsent(r.method() + " " + r.path(), k -> new TreeMap<>());
      for (int i = 0; i < r.bodies(); i++) {
        String path = pick(r.path());
        String type;
        Buffer body;
        if (r.role().equals("frames")) {
          type = one("image/jpeg", "image/png", "application/octet-stream", "text/plain", null);
          body = frameBody(frame);
        } else if (r.role().equals("import") && random.nextBoolean()) {
          type = one("text/csv", "text/csv; charset=utf-8", "text/plain");
          body = Buffer.buffer(csv(r.fields()));
        } else {
          type = random.nextInt(10) == 0 ? one("text/plain", "application/x-www-form-urlencoded", null,
              "multipart/form-data; boundary=x", "APPLICATION/JSON", "application/json; charset=latin1",
              "application/vnd.api+json", "text/csv") : "application/json";
          body = Buffer.buffer(r.role().equals("import") && random.nextBoolean()
              ? write(Arrays.asList(body(r), body(r), value(0)))
              : random.nextInt(4) == 0 ? jsonBody(r.fields()) : write(body(r)), StandardCharsets.UTF_8.name());
        }
        HttpRequest<Buffer> req = client(r.role(), own, logoutUser).request(r.method(), path);
        if (type != null) {
          req.putHeader("Content-Type", type);
        }
        HttpResponse<Buffer> resp = req.sendBuffer(body).await(60, TimeUnit.SECONDS);
        sent++;
        seen.merge(resp.statusCode(), 1, Integer::sum);
        if (resp.statusCode() >= 500) {
          failures.add(r.method() + " " + path + " (" + type + ") -> " + resp.statusCode() + " " + resp.bodyAsString()
              + "\n    body: " + excerpt(body.toString(StandardCharsets.UTF_8)));
        }
      }
    }
    LOG.info("Fuzz seed {}: {} bodies; statuses per route {}", SEED, sent, statuses);

    assertThat(failures).as("seed " + SEED + " (replay with -Dlanekeeper.fuzz.seed=" + SEED + "): " + failures.size()
        + " of " + sent + " bodies answered 5xx").isEmpty();
    JsonObject after = health();
    assertThat(after.getString("status")).as(after.encodePrettily()).isNotEqualTo("DOWN");
    assertThat(after.getJsonObject("database").getString("status")).isEqualTo("UP");
    assertThat(after.getJsonObject("model").getString("status")).isEqualTo(before.getJsonObject("model")
        .getString("status"));
    assertThat(admin.get("/api/plates").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(WebTesting.login(vertx, running.controller.httpPort(), adminName).await(20, TimeUnit.SECONDS))
        .isNotNull();
    assertThat(sent).isGreaterThanOrEqualTo(2500);
  }

  private JsonObject health() throws Exception {
    HttpResponse<Buffer> r = admin.get("/health").send().await(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static long id(io.vertx.core.Future<HttpResponse<Buffer>> created) throws Exception {
    HttpResponse<Buffer> r = created.await(20, TimeUnit.SECONDS);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getLong("id");
  }

  /** Who sends the route's bodies: the admin, a session of its own for the password, nobody, or a fresh session. */
  private WebClient client(String role, WebClientSession own, String logoutUser) throws Exception {
    return switch (role) {
      case "own" -> own;
      case "anyone" -> anonymous;
      case "logout" -> WebTesting.login(vertx, running.controller.httpPort(), logoutUser).await(20, TimeUnit.SECONDS);
      default -> admin;
    };
  }

  // ---- the grammar

  private static Map<String, Object> fields(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Four in ten: the route's own body with one field changed, dropped or added; else one from the grammar. */
  private Object body(Route r) {
    if (r.valid() == null || random.nextInt(10) >= 4) {
      return object(r.fields(), 0);
    }
    Map<String, Object> b = new LinkedHashMap<>(r.valid().copy().getMap());
    Map<String, Object> at = b;
    List<String> keys = new ArrayList<>(b.keySet());
    if (!keys.isEmpty() && random.nextBoolean()) {
      String k = keys.get(random.nextInt(keys.size()));
      if (b.get(k) instanceof JsonObject nested) {
        at = new LinkedHashMap<>(nested.getMap());
        b.put(k, at);
      }
    }
    List<String> inner = new ArrayList<>(at.keySet());
    String k = inner.isEmpty() || random.nextInt(8) == 0 ? one("extra", "id", "\u0000") : inner.get(random.nextInt(
        inner.size()));
    if (random.nextInt(6) == 0) {
      at.remove(k);
    } else {
      at.put(k, value(1));
    }
    return b;
  }

  private String jsonBody(Map<String, Object> fields) {
    return switch (random.nextInt(12)) {
      case 0 -> write(value(0));
      case 1 -> one("", " ", "{", "{\"a\":", "}", "nul", "{\"a\" 1}", "[1,]", "{'a': 1}", "\u0000", "\ufeff{}",
          "{\"a\": \"\\ud800\"}", "{\"a\": 1}{\"b\": 2}");
      case 2 -> "[".repeat(3000) + "]".repeat(3000);
      default -> write(object(fields, 0));
    };
  }

  private Map<String, Object> object(Map<String, Object> known, int depth) {
    Map<String, Object> o = new LinkedHashMap<>();
    known.forEach((k, sub) -> {
      if (random.nextInt(10) < 7) {
        o.put(k, sub instanceof Map<?, ?> m && random.nextBoolean() ? object(cast(m), depth + 1)
            : sub instanceof List<?> l && random.nextBoolean() ? List.of(object(cast((Map<?, ?>) l.getFirst()),
                depth + 1)) : value(depth + 1));
      }
    });
    for (int i = random.nextInt(4); i > 0; i--) {
      o.put(one("", "__proto__", "constructor", "\u0000", "x".repeat(300), "id", "ID", "extra", "$where", "a.b"),
          value(depth + 1));
    }
    return o;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private Object value(int depth) {
    int pick = random.nextInt(depth > 3 ? 6 : 9);
    return switch (pick) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> number();
      case 3, 4, 5 -> string();
      case 6 -> {
        List<Object> a = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          a.add(value(depth + 1));
        }
        yield a;
      }
      case 7 -> object(fields("a", null, "days", null, "from", null), depth + 1);
      default -> List.of(string(), string());
    };
  }

  private Object number() {
    return one(0, -1, 1, 2, 17, 22, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 0.5, -0.5,
        1.5, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, new Raw("1e400"), new Raw("-1e400"),
        new Raw("123456789012345678901234567890"), new Raw("-0"), new Raw("1E-400"), new Raw("0.1e1"));
  }

  private Object string() {
    return switch (random.nextInt(8)) {
      case 0 -> one("", " ", "\t", "a", "null", "true", "0", "-1", "1e9", "yes", "none");
      case 1 -> one("x".repeat(10_000), "é".repeat(70_000), "A".repeat(300), "1".repeat(64));
      case 2 -> one("\u0000", "abc\u0000def", "\u0001\u0002\u001f", "\r\n", "\u202eABC", "\ud83d\ude97", "\ud800",
          "\uffff", "\u00a0ABC\u3000");
      case 3 -> one("2026-01-31T18:00:00Z", "+999999999-12-31T23:59:59.999999999Z", "-999999999-01-01T00:00:00Z",
          "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-02-30T00:00:00Z", "2026-01-31T18:00:00",
          "1970-01-01T00:00:00+14:00", "2026-13-01T00:00:00Z", "mon-fri", "07:00", "25:61", "24:00");
      case 4 -> one("ABC1234", "abc-1234", "ＡＢＣ１２３４", "A", "ABCDEFGHIJKLMNOP", "FUZ1234", "PAS1234");
      case 5 -> one(LANE, "nope", "fuzz-lot", "Fuzz-Lot", "-x", "admin", "operator", "viewer", "allow", "deny",
          "entry", "exit", "all", "entered", "push", "folder", "snapshot", "mjpeg", "exec", "gpio", "mqtt", "pulse",
          "hold", "BR", "br-old", "EU");
      case 6 -> one("'; DROP TABLE plates; --", "<script>alert(1)</script>", "../../../../etc/passwd",
          "http://user:pass@127.0.0.1:1/x", "file:///etc/passwd", "%s%n%x", "${jndi:ldap://x}", "a/b#c?d");
      default -> one("a long enough passphrase", "correct horse battery", "mon", List.of("mon", "fri").toString());
    };
  }

  private String csv(Map<String, Object> fields) {
    StringBuilder b = new StringBuilder();
    List<String> header = new ArrayList<>(fields.keySet());
    if (random.nextInt(5) == 0) {
      header.add(one("", "extra", "\u0000", "plate"));
    }
    b.append(String.join(one(",", ";", "\t"), header)).append(one("\n", "\r\n", "\r"));
    for (int row = random.nextInt(30); row > 0; row--) {
      List<String> cells = new ArrayList<>();
      for (int c = random.nextInt(header.size() + 3); c > 0; c--) {
        Object v = value(3);
        String s = v == null ? "" : v instanceof String t ? t : write(v);
        cells.add(random.nextBoolean() ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
      }
      b.append(String.join(",", cells)).append(one("\n", "\r\n", "", "\"\n"));
    }
    return b.toString();
  }

  private Buffer frameBody(byte[] frame) {
    return switch (random.nextInt(6)) {
      case 0 -> Buffer.buffer();
      case 1 -> Buffer.buffer(WebTesting.JPEG);
      case 2 -> Buffer.buffer(Arrays.copyOf(frame, random.nextInt(frame.length)));
      case 3 -> {
        byte[] b = frame.clone();
        for (int i = 0; i < 200; i++) {
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        yield Buffer.buffer(b);
      }
      case 4 -> {
        byte[] b = new byte[random.nextInt(100_000)];
        random.nextBytes(b);
        yield Buffer.buffer(b);
      }
      default -> Buffer.buffer(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13});
    };
  }

  /** A path with one of the {a,b,c} choices in it taken, URL-encoded where it needs to be. */
  private String pick(String path) {
    int open = path.indexOf('{');
    if (open < 0) {
      return path;
    }
    int close = path.indexOf('}', open);
    String[] choices = path.substring(open + 1, close).split(",");
    String c = choices[random.nextInt(choices.length)];
    String encoded = c.startsWith("%") ? c : URLEncoder.encode(c, StandardCharsets.UTF_8).replace("+", "%20");
    return path.substring(0, open) + encoded + pick(path.substring(close + 1));
  }

  @SafeVarargs
  private <T> T one(T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static String write(Object v) {
    if (v instanceof Raw r) {
      return r.text();
    }
    if (v instanceof Map<?, ?> m) {
      StringBuilder b = new StringBuilder("{");
      m.forEach((k, x) -> b.append(b.length() > 1 ? "," : "").append(io.vertx.core.json.Json.encode(k)).append(':')
          .append(write(x)));
      return b.append('}').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder b = new StringBuilder("[");
      l.forEach(x -> b.append(b.length() > 1 ? "," : "").append(write(x)));
      return b.append(']').toString();
    }
    return io.vertx.core.json.Json.encode(v);
  }

  private static String excerpt(String s) {
    String e = s.length() > 300 ? s.substring(0, 300) + "... (" + s.length() + " chars)" : s;
    return e.replace("\u0000", "\\u0000");
  }
}
