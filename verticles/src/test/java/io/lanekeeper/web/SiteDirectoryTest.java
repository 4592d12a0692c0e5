package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.testing.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What one device's dashboard knows of the others, from their heartbeats and the site's database: their alerts for a
 * dashboard opened late, and a device that owns lanes but has not been heard since this one started.
 */
@DisplayName("The site as one device's dashboard knows it")
class SiteDirectoryTest {

  private Vertx vertx;
  private SiteDirectory site;
  private io.vertx.core.Context context;
  private final List<JsonObject> alerts = new CopyOnWriteArrayList<>();
  private final List<JsonObject> changes = new CopyOnWriteArrayList<>();
  /** Just before the directory was made: its own clock of "since this device started" starts after it. */
  private long createdNanos;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>localConsumer(Addresses.ALERT, m -> alerts.add(m.body()));
    createdNanos = System.nanoTime();
    site = new SiteDirectory(vertx, "server", changes::add);
    context = vertx.getOrCreateContext();
    on(() -> site.start()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The directory lives on one event loop, as in the web verticle: asked there. */
  private <T> T on(java.util.function.Supplier<T> ask) {
    java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        f.complete(ask.get());
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    });
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static JsonObject beat(String node, String lane, JsonArray alerts) {
    return new JsonObject().put("node", node).put("version", "1").put("startedAt", "2026-12-04T10:00:00Z")
        .put("lanes", new JsonArray().add(new JsonObject().put("id", lane).put("name", lane)))
        .put("alerts", alerts);
  }

  @Test
  @DisplayName("Another device's active alerts are listed with their device; a device's own and malformed are not")
  void remoteAlerts() throws Exception {
    JsonArray told = new JsonArray()
        .add(new JsonObject().put("id", "camera:lane-a").put("level", "critical").put("message", "no frames"))
        .add("not an alert").add(new JsonObject().put("message", "no id"));
    for (int i = 0; i < 40; i++) {
      told.add(new JsonObject().put("id", "lot:" + i).put("level", "warning").put("message", "full"));
    }
    vertx.eventBus().publish(Addresses.SITE_NODE, beat("gate-a", "lane-a", told));
    vertx.eventBus().publish(Addresses.SITE_NODE, beat("server", "lane-s", new JsonArray()
        .add(new JsonObject().put("id", "disk:data").put("level", "warning"))));
    Poll.until("the heartbeats", 5, () -> on(() -> site.nodes()).size() == 2);
    JsonArray listed = on(() -> site.remoteAlerts());
    assertThat(listed.stream().map(JsonObject.class::cast).map(a -> a.getString("id")))
        .startsWith("camera:lane-a", "lot:0").doesNotContain("disk:data");
    assertThat(listed.stream().map(JsonObject.class::cast)).allMatch(a -> "gate-a".equals(a.getString("node")));
    // bounded: a device tells at most SiteHeartbeat.MAX_ALERTS, and no more are kept of what it sends
    assertThat(listed.size()).isLessThanOrEqualTo(io.lanekeeper.app.SiteHeartbeat.MAX_ALERTS);
  }

  @Test
  @DisplayName("A device that owns lanes but is never heard is marked away with an alert, and back when it beats")
  void neverHeard() throws Exception {
    on(() -> {
      site.expect(Map.of("gate-b", new JsonArray().add(new JsonObject().put("id", "lane-b").put("name", "Exit")),
          "server", new JsonArray().add(new JsonObject().put("id", "lane-s"))));
      return null;
    });
    // not shown before it is due: it may only be starting
    assertThat(on(() -> site.nodes())).isEmpty();
    assertThat(on(() -> site.away("gate-b"))).isFalse();
    assertThat(on(() -> site.deviceOf("lane-b"))).isEqualTo("gate-b");

    Poll.until("gate-b marked away", 15, () -> on(() -> site.away("gate-b")));
    // counted from the directory's start, as it counts: from after start() it was once 6,991 ms on a busy machine
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdNanos))
        .isGreaterThanOrEqualTo(SiteDirectory.GONE_MS);
    JsonObject node = on(() -> site.nodes()).getJsonObject(0);
    assertThat(node.getString("node")).isEqualTo("gate-b");
    assertThat(node.getBoolean("away")).isTrue();
    assertThat(node.getString("heardAt")).isNull();
    assertThat(on(() -> site.remoteLanes(List.of())).getJsonObject(0).getBoolean("away")).isTrue();
    Poll.until("the alert", 5, () -> alerts.stream().anyMatch(a -> "gate-b".equals(a.getString("key"))
        && a.getString("message").contains("has not been heard since this device started")
        && a.getString("message").contains("lane-b")));
    // this device never expects itself
    assertThat(on(() -> site.nodes()).stream().map(JsonObject.class::cast))
        .noneMatch(n -> "server".equals(n.getString("node")));

    vertx.eventBus().publish(Addresses.SITE_NODE, beat("gate-b", "lane-b", new JsonArray()));
    Poll.until("gate-b back", 5, () -> !on(() -> site.away("gate-b")));
    Poll.until("the alert cleared", 5, () -> alerts.stream().anyMatch(a -> "gate-b".equals(a.getString("key"))
        && "ok".equals(a.getString("level"))));
    assertThat(on(() -> site.nodes()).getJsonObject(0).getString("heardAt")).isNotNull();
  }

  private boolean alerted(String key, String level) {
    return alerts.stream().anyMatch(a -> key.equals(a.getString("key")) && level.equals(a.getString("level")));
  }

  @Test
  @DisplayName("A lane of the site's database that no device runs is alerted: no device named, or its device does "
      + "not run it; cleared when one does, or when the lane goes")
  void ownerUnknown() throws Exception {
    JsonArray bLanes = new JsonArray().add(new JsonObject().put("id", "lane-c"));
    long beats = vertx.setPeriodic(500, t -> {
      vertx.eventBus().publish(Addresses.SITE_NODE, beat("gate-a", "lane-a", new JsonArray()));
      vertx.eventBus().publish(Addresses.SITE_NODE, beat("gate-b", "x", new JsonArray()).put("lanes", bLanes.copy()));
    });
    Map<String, String> owners = new java.util.LinkedHashMap<>();
    owners.put("lane-a", "gate-a");
    owners.put("lane-b", "gate-b");
    owners.put("lane-c", "gate-b");
    owners.put("lane-x", null);
    owners.put("lane-g", "gate-g");
    for (int i = 1; i <= 20; i++) {
      owners.put(String.format("spare-%02d", i), null);
    }
    on(() -> {
      site.expect(Map.of("gate-g", new JsonArray().add(new JsonObject().put("id", "lane-g"))));
      site.owners(owners);
      return null;
    });
    Poll.until("lane-x alerted", 20, () -> alerted("owner-lane-x", "critical"));
    Poll.until("lane-b alerted", 5, () -> alerted("owner-lane-b", "critical"));
    assertThat(alerts.stream().filter(a -> "owner-lane-b".equals(a.getString("key"))).findFirst().orElseThrow()
        .getString("message")).isEqualTo("lane lane-b belongs to device gate-b, which does not run it: check that "
        + "device's configuration and log");
    // a lane its device runs, and one whose device is away (its own alert says so), are not alerted
    assertThat(alerts).noneMatch(a -> "owner-lane-a".equals(a.getString("key"))
        || "owner-lane-c".equals(a.getString("key")) || "owner-lane-g".equals(a.getString("key")));
    Poll.until("gate-g's own alert", 5, () -> alerted("gate-g", "critical"));
    // bounded: 16 lanes alerted one by one (lane-b, lane-x, spare-01..14), the 6 others in one alert
    Poll.until("the others in one alert", 5, () -> alerted("owners-more", "critical"));
    assertThat(alerts.stream().filter(a -> "critical".equals(a.getString("level"))
        && a.getString("key").startsWith("owner-")).count()).isEqualTo(SiteDirectory.MAX_OWNER_ALERTS);
    assertThat(alerts.stream().filter(a -> "owners-more".equals(a.getString("key"))).findFirst().orElseThrow()
        .getString("message")).isEqualTo("6 more lanes no device runs: spare-15, spare-16, spare-17, spare-18, "
        + "spare-19, spare-20");
    int raised = alerts.size();
    Thread.sleep(1500);
    assertThat(alerts).as("raised once, not every second").hasSize(raised);

    // gate-b runs lane-b now; lane-x and the spares are deleted
    bLanes.add(new JsonObject().put("id", "lane-b"));
    owners.keySet().removeIf(l -> l.equals("lane-x") || l.startsWith("spare-"));
    on(() -> {
      site.owners(owners);
      return null;
    });
    Poll.until("lane-b cleared", 5, () -> alerted("owner-lane-b", "ok"));
    Poll.until("lane-x cleared", 5, () -> alerted("owner-lane-x", "ok"));
    Poll.until("the others cleared", 5, () -> alerted("owners-more", "ok"));
    assertThat(alerts.stream().filter(a -> "owner-lane-x".equals(a.getString("key"))
        && "ok".equals(a.getString("level"))).findFirst().orElseThrow().getString("message"))
        .isEqualTo("lane lane-x is no longer in the site's database");
    vertx.cancelTimer(beats);
  }
}
