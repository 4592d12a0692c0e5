package io.lanekeeper.alerts;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.AlertState;
import io.lanekeeper.config.AlertsConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each raise and clear ({@link Addresses#ALERT_STATE}) by e-mail and to the webhook, when configured: one at a
 * time per channel, in order, retried with back-off (1 s doubling to 5 min) up to the channel's attempts, at most
 * {@link #MAX_QUEUE} waiting (the oldest go first, logged). Neither the SMTP password nor the webhook secret is ever
 * logged.
 */
public class AlertDelivery extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);
  static final int MAX_QUEUE = 1000;
  private static final int MAIL_ATTEMPTS = 5;
  private static final long MAX_BACKOFF_MS = 300_000;

  private final AlertsConfig cfg;
  private final ZoneId zone;
  private MailClient mail;
  private WebClient web;
  private Channel mailChannel;
  private Channel hookChannel;

  public AlertDelivery(AlertsConfig cfg, ZoneId zone) {
    this.cfg = cfg;
    this.zone = zone;
  }

  @Override
  public Future<?> start() {
    if (cfg.email() != null) {
      AlertsConfig.Email e = cfg.email();
      MailConfig mc = new MailConfig().setHostname(e.host()).setPort(e.port())
          .setSsl("tls".equals(e.tls()))
          .setStarttls("none".equals(e.tls()) ? StartTLSOptions.DISABLED
              : e.username() != null ? StartTLSOptions.REQUIRED : StartTLSOptions.OPTIONAL)
          .setLogin(e.username() == null ? LoginOption.DISABLED : LoginOption.REQUIRED)
          .setUsername(e.username()).setPassword(e.password());
      mail = MailClient.create(vertx, mc);
      mailChannel = new Channel("e-mail", MAIL_ATTEMPTS, this::sendMail);
    }
    if (cfg.webhook() != null) {
      web = WebClient.create(vertx, new WebClientOptions().setUserAgent("Lanekeeper alerts"));
      hookChannel = new Channel("webhook", cfg.webhook().maxAttempts(), this::post);
    }
    vertx.eventBus().<JsonObject>localConsumer(Addresses.ALERT_STATE, m -> {
      AlertState a = AlertState.fromJson(m.body());
      if (mailChannel != null && wanted(a, cfg.email().minLevel())) {
        mailChannel.offer(a);
      }
      if (hookChannel != null && wanted(a, cfg.webhook().minLevel())) {
        hookChannel.offer(a);
      }
    });
    return Future.succeededFuture();
  }

  private static boolean wanted(AlertState a, String minLevel) {
    return !"critical".equals(minLevel) || "critical".equals(a.level());
  }

  /** What a person reads: the subject says what and whether it is over, the body when and where. */
  static String subject(AlertState a) {
    return "[Lanekeeper] " + (a.active() ? a.level().toUpperCase(java.util.Locale.ROOT) : "CLEARED") + ": "
        + oneLine(a.message());
  }

  String body(AlertState a) {
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(zone);
    return (a.active() ? "Raised" : "Cleared") + ": " + a.message() + "\n\n"
        + "Level: " + a.level() + "\n"
        + (a.lane() == null ? "" : "Lane: " + a.lane() + "\n")
        + "Since: " + f.format(a.since()) + "\n"
        + (a.active() ? "" : "Cleared at: " + f.format(a.at()) + "\n")
        + "Alert: " + a.id() + "\n";
  }

  private static String oneLine(String s) {
    String t = s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ");
    return t.length() > 150 ? t.substring(0, 150) + "…" : t;
  }

  private Future<Void> sendMail(AlertState a) {
    AlertsConfig.Email e = cfg.email();
    MailMessage m = new MailMessage().setFrom(e.from()).setTo(e.to()).setSubject(subject(a)).setText(body(a));
    return mail.sendMail(m).mapEmpty();
  }

  private Future<Void> post(AlertState a) {
    AlertsConfig.Webhook w = cfg.webhook();
    Buffer body = a.toJson().toBuffer();
    String ts = Long.toString(System.currentTimeMillis() / 1000);
    return web.postAbs(w.url()).timeout(w.timeoutMs())
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Lanekeeper-Timestamp", ts)
        .putHeader("X-Lanekeeper-Signature", "sha256=" + sign(w.secret(), ts, body))
        .sendBuffer(body)
        .compose(r -> r.statusCode() / 100 == 2 ? Future.<Void>succeededFuture()
            : Future.failedFuture("HTTP " + r.statusCode()));
  }

  /** HMAC-SHA256 of {@code "<timestamp>.<body>"}, hex: what the receiver computes with the shared secret. */
  public static String sign(String secret, String timestamp, Buffer body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Future<?> stop() {
    if (mail != null) {
      mail.close();
    }
    if (web != null) {
      web.close();
    }
    return Future.succeededFuture();
  }

  /** One delivery channel: a bounded queue, sent in order, one at a time, each retried with back-off. */
  private final class Channel {
    private final String name;
    private final int attempts;
    private final Function<AlertState, Future<Void>> send;
    private final Deque<AlertState> queue = new ArrayDeque<>();
    private boolean busy;

    Channel(String name, int attempts, Function<AlertState, Future<Void>> send) {
      this.name = name;
      this.attempts = attempts;
      this.send = send;
    }

    void offer(AlertState a) {
      queue.addLast(a);
      if (queue.size() > MAX_QUEUE) {
        AlertState dropped = queue.removeFirst();
        LOG.warn("Alerts by {}: more than {} waiting, dropped the oldest ({} {})", name, MAX_QUEUE,
            dropped.active() ? "raise" : "clear", dropped.id());
      }
      next();
    }

    private void next() {
      if (busy || queue.isEmpty()) {
        return;
      }
      busy = true;
      attempt(queue.peekFirst(), 1);
    }

    private void attempt(AlertState a, int n) {
      send.apply(a).onComplete(ar -> {
        if (ar.succeeded() || n >= attempts) {
          if (ar.failed()) {
            LOG.warn("Alert {} not sent by {} after {} attempts: {}", a.id(), name, n, ar.cause().getMessage());
          }
          queue.remove(a);
          busy = false;
          next();
          return;
        }
        long wait = Math.min(MAX_BACKOFF_MS, 1000L << Math.min(20, n - 1));
        LOG.debug("Alert {} by {}: attempt {} failed ({}), again in {} ms", a.id(), name, n,
            ar.cause().getMessage(), wait);
        vertx.setTimer(wait, t -> attempt(a, n + 1));
      });
    }
  }
}
