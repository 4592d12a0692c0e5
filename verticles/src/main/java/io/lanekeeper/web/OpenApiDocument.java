package io.lanekeeper.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/openapi.json}: the HTTP API as an OpenAPI 3.1 document ({@code openapi.json} beside the classes,
 * held to the mounted routes by {@code OpenApiContractTest}). Open to anyone: it describes the routes and holds no
 * secret, and a client needs it before it can log in.
 */
final class OpenApiDocument {

  static final String RESOURCE = "openapi.json";

  private final Buffer document;

  /** Reads the document once, at start: a jar without it is a broken build, better refused than served as a 500. */
  OpenApiDocument() {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      document = Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void mount(ApiRoutes api) {
    api.get("/api/" + RESOURCE, Role.ANYONE,
        ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, Replies.JSON).end(document));
  }
}
