package io.lanekeeper.config;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What raises an alert and where alerts go besides the dashboards and MQTT ({@code alerts} in the configuration).
 *
 * @param cameraSilentMs a camera that pulls frames (not a push camera) and has given none for this long is silent
 * @param databaseDownMs the database unreachable (or the store not writing) this long raises an alert
 * @param outboxWarn events waiting in the outbox beyond this many raise an alert; it clears below half
 * @param diskMinFreeMb the data directory's disk with less free than this (or than {@code diskMinFreePercent}) is
 *     nearly full
 * @param noticeMs how long a one-off notice (a deny-listed plate seen) stays raised before it clears by itself
 * @param email e-mail delivery, or null
 * @param webhook webhook delivery, or null
 */
public record AlertsConfig(long cameraSilentMs, long databaseDownMs, int outboxWarn, long diskMinFreeMb,
                           int diskMinFreePercent, long noticeMs, Email email, Webhook webhook) {

  /**
   * SMTP delivery through the Vert.x mail client.
   *
   * @param tls {@code none}, {@code starttls} (upgrade when offered, required when a username is set) or
   *     {@code tls} (TLS from the start, port 465)
   * @param minLevel {@code warning} (every alert) or {@code critical} (only those)
   */
  public record Email(String host, int port, String tls, String username, String password, String from,
                      List<String> to, String minLevel) {
  }

  /**
   * A signed POST of each raise and clear: header {@code X-Lanekeeper-Signature: sha256=<hex HMAC-SHA256 of
   * "<timestamp>.<body>" with the secret>} and {@code X-Lanekeeper-Timestamp}; retried with back-off.
   */
  public record Webhook(String url, String secret, String minLevel, int maxAttempts, long timeoutMs) {
  }

  public static final AlertsConfig DEFAULTS = from(new JsonObject());

  public static AlertsConfig from(JsonObject j) {
    String p = "alerts.";
    JsonObject mail = Json.object(j, p, "email");
    JsonObject hook = Json.object(j, p, "webhook");
    return new AlertsConfig(Json.number(j, p, "cameraSilentMs", 60_000, 5_000, 86_400_000L),
        Json.number(j, p, "databaseDownMs", 15_000, 1_000, 3_600_000),
        Json.integer(j, p, "outboxWarn", 1000, 1, 10_000_000),
        Json.number(j, p, "diskMinFreeMb", 1024, 0, 100_000_000L),
        Json.integer(j, p, "diskMinFreePercent", 5, 0, 99),
        Json.number(j, p, "noticeMs", 600_000, 1_000, 86_400_000L),
        email(mail, p + "email."), webhook(hook, p + "webhook."));
  }

  private static Email email(JsonObject j, String p) {
    String host = Json.string(j, p, "host", null);
    if (host == null || host.isBlank()) {
      return null;
    }
    List<String> to = Json.strings(j, p, "to");
    if (to == null || to.isEmpty()) {
      throw new ConfigException(p + "to", "name at least one recipient");
    }
    for (String t : to) {
      if (!t.matches("[^@\\s<>,]+@[^@\\s<>,]+")) {
        throw new ConfigException(p + "to", "must be e-mail addresses, got '" + t + "'");
      }
    }
    String from = Json.string(j, p, "from", "lanekeeper@localhost");
    if (!from.matches("[^@\\s<>,]+@[^@\\s<>,]+")) {
      throw new ConfigException(p + "from", "must be an e-mail address, got '" + from + "'");
    }
    String tls = Json.oneOf(p, "tls", Json.string(j, p, "tls", "starttls"), List.of("none", "starttls", "tls"),
        s -> s);
    return new Email(host, Json.integer(j, p, "port", "tls".equals(tls) ? 465 : 25, 1, 65535), tls,
        Json.string(j, p, "username", null), Json.string(j, p, "password", null), from, List.copyOf(to),
        level(j, p));
  }

  private static Webhook webhook(JsonObject j, String p) {
    String url = Json.string(j, p, "url", null);
    if (url == null || url.isBlank()) {
      return null;
    }
    if (!url.startsWith("https://") && !url.startsWith("http://")) {
      throw new ConfigException(p + "url", "must be an http:// or https:// URL");
    }
    String secret = Json.string(j, p, "secret", null);
    if (secret == null || secret.length() < 16) {
      throw new ConfigException(p + "secret", "is required, at least 16 characters: the receiver checks the "
          + "signature with it");
    }
    return new Webhook(url, secret, level(j, p), Json.integer(j, p, "maxAttempts", 8, 1, 100),
        Json.number(j, p, "timeoutMs", 5000, 100, 60_000));
  }

  private static String level(JsonObject j, String p) {
    return Json.oneOf(p, "minLevel", Json.string(j, p, "minLevel", "warning"), List.of("warning", "critical"),
        s -> s);
  }
}
