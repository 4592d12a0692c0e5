package io.lanekeeper.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where every route is declared, each with the least {@link Role} it needs; {@link Auth} checks it first, before
 * any other handler of the route runs (before a body is read), on every route and the WebSocket alike.
 */
final class ApiRoutes {

  /**
   * The most a route open to anyone (login, setup) reads: their bodies are a name, a password and a token, and a
   * stranger must not make the device parse megabytes.
   */
  static final long ANONYMOUS_BODY_BYTES = 4096;

  /**
   * A route as declared: what {@code OpenApiContractTest} holds {@code openapi.json} to.
   *
   * @param method null for a route of any method (the static files)
   * @param json whether the route takes its body as {@code application/json} through {@link #json}
   */
  record Mounted(HttpMethod method, String path, Role role, boolean json) {
  }

  private final Router router;
  private final long maxJsonBytes;
  private final Auth auth;
  private final List<Mounted> mounted = new ArrayList<>();

  ApiRoutes(Router router, long maxJsonBytes, Auth auth) {
    this.router = router;
    this.maxJsonBytes = maxJsonBytes;
    this.auth = auth;
  }

  /** Every route declared so far, in order. */
  List<Mounted> mounted() {
    return List.copyOf(mounted);
  }

  void get(String path, Role role, Handler<RoutingContext> handler) {
    route(HttpMethod.GET, path, role, false, List.of(handler));
  }

  void delete(String path, Role role, Handler<RoutingContext> handler) {
    route(HttpMethod.DELETE, path, role, false, List.of(handler));
  }

  /**
   * A route whose body is JSON, sent as {@code application/json}, at most {@code http.maxJsonBytes} ({@link
   * #ANONYMOUS_BODY_BYTES} on a route open to anyone).
   */
  void postJson(String path, Role role, Handler<RoutingContext> handler) {
    route(HttpMethod.POST, path, role, true, json(role, handler));
  }

  void putJson(String path, Role role, Handler<RoutingContext> handler) {
    route(HttpMethod.PUT, path, role, true, json(role, handler));
  }

  private List<Handler<RoutingContext>> json(Role role, Handler<RoutingContext> handler) {
    long limit = role == Role.ANYONE ? Math.min(maxJsonBytes, ANONYMOUS_BODY_BYTES) : maxJsonBytes;
    return List.of(ApiRoutes::jsonOnly, body(limit), handler);
  }

  /**
   * A body in any other type is refused before it is read: a page on another site can send text/plain or a form
   * without the browser asking first (no CORS preflight), but never application/json. A request without a body
   * (a logout) needs no type.
   */
  private static void jsonOnly(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    boolean body = req.headers().contains(HttpHeaders.TRANSFER_ENCODING) || (length != null && !length.equals("0"));
    String media = mediaType(ctx, "");
    if (body && !(media.equals("application/json") || media.startsWith("application/") && media.endsWith("+json"))) {
      throw new ApiError(415, "unsupported_media_type", null, "send the body as application/json");
    }
    ctx.next();
  }

  /** A route with its own chain, e.g. checks that refuse a request before its body is read. */
  void post(String path, Role role, List<Handler<RoutingContext>> chain) {
    route(HttpMethod.POST, path, role, false, chain);
  }

  /**
   * The static files: GET and HEAD on every path outside {@code /api/}. Outside the API, so that a path the API does
   * not have is a 404; GET and HEAD only, so that another method on an API path is the router's 405 (it answers 405
   * when a route took the path but none the method), not a file lookup's 404.
   */
  void files(Role role, Handler<RoutingContext> handler) {
    mounted.add(new Mounted(null, "/*", role, false));
    Route r = router.routeWithRegex("^/(?!api(?:/|$)).*").method(HttpMethod.GET).method(HttpMethod.HEAD);
    r.handler(auth.require(role));
    r.handler(handler);
  }

  /**
   * The request's media type without its parameters, in lower case ({@code image/jpeg}); {@code absent} without one.
   */
  static String mediaType(RoutingContext ctx, String absent) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    return type == null ? absent : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
  }

  /** Reads the whole body into memory, refusing more than {@code limit} bytes with a 413. */
  static Handler<RoutingContext> body(long limit) {
    // No file uploads: they would create an uploads directory on the gate device's disk.
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(limit);
    return ctx -> {
      ctx.put(Failures.BODY_LIMIT, limit);
      bodies.handle(ctx);
    };
  }

  private void route(HttpMethod method, String path, Role role, boolean json, List<Handler<RoutingContext>> chain) {
    mounted.add(new Mounted(method, path, role, json));
    Route r = method == null ? router.route(path) : router.route(method, path);
    r.handler(auth.require(role));
    chain.forEach(r::handler);
  }
}
