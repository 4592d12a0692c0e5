package io.lanekeeper.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * Where every route is declared, each with the least {@link Role} it needs; {@link Auth} checks it first, before
 * any other handler of the route runs (before a body is read), on every route and the WebSocket alike.
 */
final class ApiRoutes {

  private final Router router;
  private final long maxJsonBytes;
  private final Auth auth;

  ApiRoutes(Router router, long maxJsonBytes, Auth auth) {
    this.router = router;
    this.maxJsonBytes = maxJsonBytes;
    this.auth = auth;
  }

  void get(String path, Role role, Handler<RoutingContext> handler) {
    route(HttpMethod.GET, path, role, List.of(handler));
  }

  void delete(String path, Role role, Handler<RoutingContext> handler) {
    route(HttpMethod.DELETE, path, role, List.of(handler));
  }

  /** A route whose body is JSON, at most {@code http.maxJsonBytes}. */
  void postJson(String path, Role role, Handler<RoutingContext> handler) {
    route(HttpMethod.POST, path, role, List.of(body(maxJsonBytes), handler));
  }

  void putJson(String path, Role role, Handler<RoutingContext> handler) {
    route(HttpMethod.PUT, path, role, List.of(body(maxJsonBytes), handler));
  }

  /** A route with its own chain, e.g. checks that refuse a request before its body is read. */
  void post(String path, Role role, List<Handler<RoutingContext>> chain) {
    route(HttpMethod.POST, path, role, chain);
  }

  /** Any method: static files, which answer GET and HEAD themselves. */
  void files(String path, Role role, Handler<RoutingContext> handler) {
    route(null, path, role, List.of(handler));
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

  private void route(HttpMethod method, String path, Role role, List<Handler<RoutingContext>> chain) {
    Route r = method == null ? router.route(path) : router.route(method, path);
    r.handler(auth.require(role));
    chain.forEach(r::handler);
  }
}
