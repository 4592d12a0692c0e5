package io.lanekeeper.web;

import io.lanekeeper.bus.GateCommand;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Typed reads of request parameters and bodies that refuse bad input with a 400 naming it. */
final class Params {

  private Params() {
  }

  static String text(RoutingContext ctx, String name, int max) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.length() > max) {
      throw ApiError.invalid(name, "is longer than " + max + " characters");
    }
    return v.strip();
  }

  static int integer(RoutingContext ctx, String name, int dflt, int min, int max) {
    String v = text(ctx, name, 12);
    if (v == null) {
      return dflt;
    }
    try {
      int i = Integer.parseInt(v);
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException ignored) {
      // refused below, with the range
    }
    throw ApiError.invalid(name, "must be a whole number between " + min + " and " + max);
  }

  /**
   * A person's reason for an audited action ({@code why}): one line of at most {@link GateCommand#MAX_TEXT}
   * characters, without control or invisible characters, so that its audit row can be written as it reads; stripped.
   */
  static String reason(Object why) {
    if (!(why instanceof String w) || w.isBlank() || w.length() > GateCommand.MAX_TEXT) {
      throw ApiError.invalid("why", "say why, in at most " + GateCommand.MAX_TEXT + " characters");
    }
    if (!GateCommand.printable(w)) {
      throw ApiError.invalid("why", "must be one line of text, without control characters");
    }
    return w.strip();
  }

  static OffsetDateTime time(RoutingContext ctx, String name) {
    String v = text(ctx, name, 64);
    if (v == null) {
      return null;
    }
    return Times.parse(name, v);
  }

  /** The {@code id} path parameter of a registered plate. */
  static long id(RoutingContext ctx) {
    try {
      long id = Long.parseLong(ctx.pathParam("id"));
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException ignored) {
      // refused below
    }
    throw ApiError.notFound("no such id: " + ctx.pathParam("id"));
  }

  /** The {@code id} path parameter of an event. */
  static UUID uuid(RoutingContext ctx) {
    try {
      return UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiError.notFound("no such event: " + ctx.pathParam("id"));
    }
  }

  static JsonObject jsonBody(RoutingContext ctx) {
    Buffer b = ctx.body().buffer();
    if (b == null || b.length() == 0) {
      throw ApiError.badJson("the body is empty; send a JSON object");
    }
    Object v;
    try {
      v = io.vertx.core.json.Json.decodeValue(b);
    } catch (DecodeException e) {
      throw ApiError.badJson("the body is not valid JSON: " + e.getMessage());
    }
    if (!(v instanceof JsonObject o)) {
      throw ApiError.badJson("the body must be a JSON object");
    }
    refuseNul(o, "");
    return o;
  }

  /**
   * PostgreSQL's text and jsonb cannot hold U+0000: a value with one would be accepted here and refused by the
   * store after the fact (a barrier opened with no audit row). Refused at the edge instead, naming the field.
   */
  private static void refuseNul(Object v, String path) {
    if (v instanceof String s) {
      if (s.indexOf('\u0000') >= 0) {
        throw ApiError.invalid(path.isEmpty() ? "body" : path, "must not contain the NUL character (U+0000)");
      }
    } else if (v instanceof JsonObject o) {
      for (var e : o) {
        String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        refuseNul(e.getKey(), key);
        refuseNul(e.getValue(), key);
      }
    } else if (v instanceof io.vertx.core.json.JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        refuseNul(a.getValue(i), path + "[" + i + "]");
      }
    }
  }
}
