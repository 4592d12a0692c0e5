package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.testing.FreshDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract is written once, in {@code openapi.json}: the router is not generated from it (the OpenAPI router
 * reads bodies in root handlers, before the per-route role check and body limits), so this test holds the two
 * together instead, both ways, and checks real answers against the document's schemas.
 */
@Tag("db")
@DisplayName("openapi.json documents every mounted route with its least role, and the answers the server gives")
class OpenApiContractTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

  @RegisterExtension
  static final FreshDatabase db = new FreshDatabase();
  private static Vertx vertx;
  private static WebVerticle web;
  private static WebClient anonymous;
  private static JsonObject document;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    web = await(WebTesting.deploy(vertx, WebTesting.config(db.target(), 1 << 20, "lane-1")));
    anonymous = WebTesting.client(vertx, web);
    try (InputStream in = OpenApiContractTest.class.getClassLoader().getResourceAsStream(OpenApiDocument.RESOURCE)) {
      assertThat(in).as("openapi.json on the classpath").isNotNull();
      document = new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(20, TimeUnit.SECONDS);
  }

  /** The API routes as mounted, {@code "POST /api/plates admin"}; the static files (any method, any path) aside. */
  private static Set<String> mounted() {
    Set<String> out = new TreeSet<>();
    for (ApiRoutes.Mounted m : web.routes()) {
      if (m.method() != null) {
        out.add(m.method().name() + " " + openApiPath(m.path()) + " " + m.role().account());
      }
    }
    return out;
  }

  private static Set<String> documented() {
    Set<String> out = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (METHODS.contains(method)) {
          out.add(method.toUpperCase(Locale.ROOT) + " " + path + " "
              + item.getJsonObject(method).getString("x-lanekeeper-role"));
        }
      }
    }
    return out;
  }

  /** Vert.x's {@code /api/plates/:id} as OpenAPI writes it, {@code /api/plates/{id}}. */
  private static String openApiPath(String path) {
    return path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
  }

  private static JsonObject operation(HttpMethod method, String path) {
    JsonObject item = document.getJsonObject("paths").getJsonObject(path);
    assertThat(item).as("documented path " + path).isNotNull();
    JsonObject op = item.getJsonObject(method.name().toLowerCase(Locale.ROOT));
    assertThat(op).as("documented " + method + " " + path).isNotNull();
    return op;
  }

  @Test
  @DisplayName("Every mounted route is documented with the same least role, and every documented one is mounted")
  void routesAndRoles() {
    assertThat(web.routes()).as("the web mounted its routes").isNotEmpty();
    assertThat(documented()).containsExactlyElementsOf(mounted());
  }

  @Test
  @DisplayName("A JSON route documents a JSON body and the refusals every JSON route can give")
  void jsonRoutes() {
    for (ApiRoutes.Mounted m : web.routes()) {
      if (!m.json()) {
        continue;
      }
      JsonObject op = operation(m.method(), openApiPath(m.path()));
      assertThat(op.getJsonObject("requestBody").getJsonObject("content").fieldNames()).as(m.toString())
          .containsExactly("application/json");
      assertThat(op.getJsonObject("responses").fieldNames()).as(m.toString()).contains("400", "413", "415");
    }
  }

  @Test
  @DisplayName("Every route refuses a stranger, and a viewer where it needs more, as its operation documents")
  void refusalsDocumented() throws Exception {
    WebClientSession viewer = await(WebTesting.login(vertx, web, db.target(), "viewer"));
    for (ApiRoutes.Mounted m : web.routes()) {
      if (m.method() == null || m.role() == Role.ANYONE) {
        continue;
      }
      String path = openApiPath(m.path());
      String concrete = path.replace("{lane}", "lane-1").replace("{action}", "open").replace("{frame}", "latest")
          .replace("{id}", "1");
      conforms(m.method(), path, await(anonymous.request(m.method(), concrete).send()), 401);
      if (m.role() != Role.VIEWER) {
        conforms(m.method(), path, await(viewer.request(m.method(), concrete).send()), 403);
      }
    }
  }

  @Test
  @DisplayName("Answers of a logged-in admin, good and bad, match the document's schemas")
  void answersMatchSchemas() throws Exception {
    WebClientSession admin = await(WebTesting.login(vertx, web, db.target(), "admin"));
    conforms(HttpMethod.GET, "/api/session", await(admin.get("/api/session").send()), 200);
    JsonObject plate = new JsonObject().put("plate", "abc-1234").put("owner", "A. Person")
        .put("validTo", Instant.now().plusSeconds(3600).toString()).put("lanes", new JsonArray().add("lane-1"));
    conforms(HttpMethod.POST, "/api/plates", await(admin.post("/api/plates").sendJsonObject(plate)), 201);
    conforms(HttpMethod.POST, "/api/plates", await(admin.post("/api/plates").sendJsonObject(plate)), 409);
    conforms(HttpMethod.POST, "/api/plates", await(admin.post("/api/plates").sendJsonObject(plate.copy()
        .put("kind", "maybe"))), 400);
    conforms(HttpMethod.POST, "/api/plates", await(admin.post("/api/plates").putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer(plate.encode()))), 415);
    conforms(HttpMethod.GET, "/api/plates", await(admin.get("/api/plates").send()), 200);
    conforms(HttpMethod.GET, "/api/plates/{id}", await(admin.get("/api/plates/999999").send()), 404);
    JsonObject lot = new JsonObject().put("id", "main").put("name", "Main lot").put("capacity", 40);
    conforms(HttpMethod.POST, "/api/lots", await(admin.post("/api/lots").sendJsonObject(lot)), 201);
    conforms(HttpMethod.GET, "/api/lots", await(admin.get("/api/lots").send()), 200);
    conforms(HttpMethod.GET, "/api/lanes", await(admin.get("/api/lanes").send()), 200);
    conforms(HttpMethod.GET, "/api/users", await(admin.get("/api/users").send()), 200);
    conforms(HttpMethod.GET, "/api/events", await(admin.get("/api/events").send()), 200);
    conforms(HttpMethod.GET, "/api/events", await(admin.get("/api/events?limit=0").send()), 400);
    conforms(HttpMethod.GET, "/api/audit", await(admin.get("/api/audit").send()), 200);
    conforms(HttpMethod.GET, "/api/stats/day", await(admin.get("/api/stats/day").addQueryParam("from",
        Instant.now().minusSeconds(3600).toString()).addQueryParam("lot", "main").send()), 200);
    conforms(HttpMethod.GET, "/api/setup", await(anonymous.get("/api/setup").send()), 200);
    HttpResponse<Buffer> health = await(anonymous.get("/health").send());
    conforms(HttpMethod.GET, "/health", health, health.statusCode());
    HttpResponse<Buffer> served = await(anonymous.get("/api/openapi.json").send());
    conforms(HttpMethod.GET, "/api/openapi.json", served, 200);
    assertThat(served.bodyAsJsonObject()).isEqualTo(document);
  }

  /**
   * The answer has the expected status, its operation documents that status, and a JSON body matches the schema
   * documented for it.
   */
  private static void conforms(HttpMethod method, String path, HttpResponse<Buffer> r, int expected) {
    String what = method + " " + path + " -> " + r.statusCode() + " " + r.bodyAsString();
    assertThat(r.statusCode()).as(what).isEqualTo(expected);
    JsonObject answer = resolve(operation(method, path).getJsonObject("responses")
        .getJsonObject(Integer.toString(r.statusCode())));
    assertThat(answer).as("documented: " + what).isNotNull();
    String type = r.getHeader("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      return;
    }
    JsonObject media = answer.getJsonObject("content", new JsonObject()).getJsonObject("application/json");
    assertThat(media).as("a JSON answer documented: " + what).isNotNull();
    List<String> problems = new ArrayList<>();
    check(Json.decodeValue(r.body()), media.getJsonObject("schema"), "$", problems);
    assertThat(problems).as(what).isEmpty();
  }

  private static JsonObject resolve(JsonObject o) {
    if (o == null || !o.containsKey("$ref")) {
      return o;
    }
    JsonObject at = document;
    for (String part : o.getString("$ref").substring(2).split("/")) {
      at = at.getJsonObject(part);
    }
    return resolve(at);
  }

  /** The JSON Schema keywords the document uses for answers: types, required, properties, items, enum, ranges. */
  private static void check(Object v, JsonObject schema, String at, List<String> problems) {
    schema = resolve(schema);
    Object type = schema.getValue("type");
    if (type != null) {
      List<?> types = type instanceof JsonArray a ? a.getList() : List.of(type);
      if (types.stream().noneMatch(t -> isType(v, (String) t))) {
        problems.add(at + ": " + v + " is not " + type);
        return;
      }
    }
    JsonArray values = schema.getJsonArray("enum");
    if (values != null && v != null && !values.contains(v)) {
      problems.add(at + ": " + v + " is not one of " + values);
    }
    if (v instanceof Number n) {
      if (schema.containsKey("minimum") && n.doubleValue() < schema.getDouble("minimum")) {
        problems.add(at + ": " + n + " is below " + schema.getValue("minimum"));
      }
      if (schema.containsKey("maximum") && n.doubleValue() > schema.getDouble("maximum")) {
        problems.add(at + ": " + n + " is above " + schema.getValue("maximum"));
      }
    }
    if (v instanceof JsonObject o) {
      for (Object key : schema.getJsonArray("required", new JsonArray())) {
        if (!o.containsKey((String) key)) {
          problems.add(at + ": no " + key);
        }
      }
      JsonObject properties = schema.getJsonObject("properties", new JsonObject());
      Object others = schema.getValue("additionalProperties");
      for (String key : o.fieldNames()) {
        if (properties.containsKey(key)) {
          check(o.getValue(key), properties.getJsonObject(key), at + "." + key, problems);
        } else if (Boolean.FALSE.equals(others)) {
          problems.add(at + ": " + key + " is not documented");
        } else if (others instanceof JsonObject s) {
          check(o.getValue(key), s, at + "." + key, problems);
        }
      }
    }
    if (v instanceof JsonArray a) {
      if (a.size() < schema.getInteger("minItems", 0) || a.size() > schema.getInteger("maxItems", Integer.MAX_VALUE)) {
        problems.add(at + ": " + a.size() + " items");
      }
      JsonObject items = schema.getJsonObject("items");
      for (int i = 0; items != null && i < a.size(); i++) {
        check(a.getValue(i), items, at + "[" + i + "]", problems);
      }
    }
  }

  private static boolean isType(Object v, String type) {
    return switch (type) {
      case "null" -> v == null;
      case "string" -> v instanceof String;
      case "boolean" -> v instanceof Boolean;
      case "integer" -> v instanceof Integer || v instanceof Long;
      case "number" -> v instanceof Number;
      case "object" -> v instanceof JsonObject;
      case "array" -> v instanceof JsonArray;
      default -> throw new IllegalArgumentException("a type the check does not know: " + type);
    };
  }
}
