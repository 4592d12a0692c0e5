package io.lanekeeper.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The web server. {@code port} 0 picks a free port (tests).
 *
 * @param tls certificate and key (PEM files) to serve HTTPS; null serves plain HTTP
 * @param secureCookies mark the session cookie Secure: always with {@code tls}, and set it when a proxy in front
 *     terminates TLS
 * @param tokens API tokens for devices and scripts (a camera pushing frames, a building system): each a name, a
 *     role and the SHA-256 of the token, never the token itself; {@code lanekeeper token NAME ROLE} makes one
 * @param maxFrameBytesInFlight the most bytes of pushed frames the server holds at once, over all requests: each
 *     push reserves its Content-Length (or {@code maxFrameBytes} when it sends none) before its body is read, and a
 *     push that does not fit is answered 503 with Retry-After
 * @param dbTimeoutMs the longest a request waits for the database (a connection, then its statements) before it
 *     answers 503; the server cancels a statement after as long ({@code statement_timeout})
 */
public record HttpConfig(String host, int port, long maxFrameBytes, long maxJsonBytes, Tls tls, boolean secureCookies,
    List<ApiToken> tokens, long maxFrameBytesInFlight, long dbTimeoutMs) {

  /** A person waits for a page: a few seconds, not the 40 a frozen database would take. */
  public static final long DEFAULT_DB_TIMEOUT_MS = 5000;

  /** PEM certificate chain and private key. */
  public record Tls(String certPath, String keyPath) {
  }

  /** A device's API token, by the hex SHA-256 of its secret. */
  public record ApiToken(String name, String role, byte[] sha256) {
  }

  /** Plain HTTP, no tokens: tests and the demo. */
  public HttpConfig(String host, int port, long maxFrameBytes, long maxJsonBytes) {
    this(host, port, maxFrameBytes, maxJsonBytes, null, false, List.of(), defaultInFlight(maxFrameBytes),
        DEFAULT_DB_TIMEOUT_MS);
  }

  public static HttpConfig from(JsonObject j) {
    Tls tls = null;
    JsonObject t = j.getValue("tls") == null ? null : Json.object(j, "http.", "tls");
    if (t != null) {
      tls = new Tls(Json.requireString(t, "http.tls.", "cert"), Json.requireString(t, "http.tls.", "key"));
      for (String[] f : new String[][] {{"cert", tls.certPath()}, {"key", tls.keyPath()}}) {
        if (!Files.isReadable(Path.of(f[1]))) {
          throw new ConfigException("http.tls." + f[0], "cannot read " + f[1]);
        }
      }
    }
    long maxFrameBytes = Json.number(j, "http.", "maxFrameBytes", 10L << 20, 1024, 200L << 20);
    long inFlight = Json.number(j, "http.", "maxFrameBytesInFlight", defaultInFlight(maxFrameBytes), 1024,
        4L << 30);
    if (inFlight < maxFrameBytes) {
      throw new ConfigException("http.maxFrameBytesInFlight", "must be at least http.maxFrameBytes ("
          + maxFrameBytes + "), or no frame of the largest size could ever be taken");
    }
    return new HttpConfig(Json.string(j, "http.", "host", "0.0.0.0"),
        Json.integer(j, "http.", "port", 8080, 0, 65535), maxFrameBytes,
        Json.number(j, "http.", "maxJsonBytes", 1L << 20, 1024, 100L << 20),
        tls, tls != null || Json.bool(j, "http.", "secureCookies", false), tokens(j), inFlight,
        Json.number(j, "http.", "dbTimeoutMs", DEFAULT_DB_TIMEOUT_MS, 100, 600_000));
  }

  /** 32 MiB of frames in flight, or one frame of the largest size where that is more. */
  private static long defaultInFlight(long maxFrameBytes) {
    return Math.max(maxFrameBytes, 32L << 20);
  }

  private static List<ApiToken> tokens(JsonObject j) {
    Object v = j.getValue("tokens");
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray a)) {
      throw new ConfigException("http.tokens", "must be a list of {name, role, sha256}");
    }
    List<ApiToken> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      String path = "http.tokens[" + i + "].";
      if (!(a.getValue(i) instanceof JsonObject o)) {
        throw new ConfigException("http.tokens[" + i + "]", "must be an object {name, role, sha256}");
      }
      String role = Json.requireString(o, path, "role").toLowerCase(Locale.ROOT);
      if (!ApiTokens.ROLES.contains(role)) {
        throw new ConfigException(path + "role", "must be viewer, operator or admin");
      }
      String hex = Json.requireString(o, path, "sha256");
      if (!hex.matches("[0-9a-fA-F]{64}")) {
        throw new ConfigException(path + "sha256", "must be the 64 hex digits of the token's SHA-256");
      }
      out.add(new ApiToken(Json.requireString(o, path, "name"), role, HexFormat.of().parseHex(hex)));
    }
    return List.copyOf(out);
  }
}
