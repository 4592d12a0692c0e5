package io.lanekeeper.app;

import io.lanekeeper.config.AppConfig;
import io.lanekeeper.config.ConfigException;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.db.DbTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lanes the controller runs: the configuration file's, with the lanes an admin edited or added in the browser
 * (rows of {@code lanes} with {@code edited_by} set, stored whole in {@code config}) in their place. At start they are
 * read from PostgreSQL; when it cannot be reached, from the copy the last start or change wrote under the data
 * folder ({@code lanes-edited.json}), so a gate device that restarts without its database runs the lanes it ran
 * before. A stored lane that no longer passes the checks (a plate format since removed, say) is logged and the
 * file's version, if any, runs instead.
 */
final class LaneBook {

  private static final Logger LOG = LoggerFactory.getLogger(LaneBook.class);

  private final AppConfig cfg;
  private final Path snapshot;
  private final Map<String, LaneConfig> lanes = new LinkedHashMap<>();
  private final Map<String, JsonObject> edited = new LinkedHashMap<>();

  LaneBook(AppConfig cfg) {
    this.cfg = cfg;
    this.snapshot = cfg.dataDir().resolve("lanes-edited.json");
    cfg.lanes().forEach(l -> lanes.put(l.id(), l));
  }

  /** Reads the edited lanes (PostgreSQL, else the local copy) and puts them in place of the file's. */
  Future<LaneBook> load(Vertx vertx, DbTarget db) {
    // a device of a site runs its own lanes only; on its own, every lane
    String device = cfg.cluster().enabled() ? cfg.cluster().node() : null;
    return PgConnection.connect(vertx, db.connectOptions()).timeout(5, java.util.concurrent.TimeUnit.SECONDS)
        .compose(c -> claim(vertx, c, device)
            .compose(v -> device == null ? c.query(AppSql.EDITED_LANES).execute()
                : c.preparedQuery(AppSql.EDITED_LANES_OF).execute(Tuple.of(device)))
            .map(rows -> {
              List<JsonObject> found = new ArrayList<>();
              for (Row r : rows) {
                found.add(new JsonObject(r.getValue("config").toString()));
              }
              return found;
            })
            .compose(found -> device == null ? Future.succeededFuture(found) : notInDatabase(vertx, c, found))
            .eventually(c::close))
        .recover(e -> {
          String why = e.getMessage() == null ? e.toString() : e.getMessage();
          // the database away, or not migrated yet (a new database): the lanes as this device last ran them
          return vertx.executeBlocking(() -> {
            if (!Files.isRegularFile(snapshot)) {
              LOG.warn("Lanes: the database cannot give them ({}) and no local copy exists; running the "
                  + "configuration file's lanes", why);
              return List.<JsonObject>of();
            }
            LOG.warn("Lanes: the database cannot give them ({}); running the lanes edited in the browser as last "
                + "seen ({})", why, snapshot);
            JsonArray a = new JsonArray(Files.readString(snapshot));
            return a.stream().map(JsonObject.class::cast).toList();
          });
        })
        .compose(found -> {
          found.forEach(this::put);
          return save(vertx);
        })
        .map(v -> this);
  }

  /**
   * A device joining a site's database: the lanes edited in its browser before (its local copy) that the site's
   * database has never held run as they were, so that a move from its own database loses no admin's edit.
   */
  private Future<List<JsonObject>> notInDatabase(Vertx vertx, PgConnection c, List<JsonObject> found) {
    return vertx.executeBlocking(() -> Files.isRegularFile(snapshot)
            ? new JsonArray(Files.readString(snapshot)).stream().map(JsonObject.class::cast).toList()
            : List.<JsonObject>of())
        .compose(copy -> copy.isEmpty() ? Future.succeededFuture(found)
            : c.preparedQuery(AppSql.PRESENT).execute(Tuple.tuple().addArrayOfString(copy.stream()
                .map(j -> j.getString("id")).filter(java.util.Objects::nonNull).toArray(String[]::new)))
            .map(rows -> {
              java.util.Set<String> present = new java.util.HashSet<>();
              rows.forEach(r -> present.add(r.getString("id")));
              List<JsonObject> all = new ArrayList<>(found);
              copy.stream().filter(j -> j.getString("id") != null && !present.contains(j.getString("id")))
                  .forEach(j -> {
                    LOG.warn("Lane {}: edited in this device's browser before it joined the site, not in the "
                        + "site's database yet; running it as it was (save it once on the Lanes page)", j.getString(
                        "id"));
                    all.add(j);
                  });
              return all;
            }));
  }

  /** The lanes of this device that no device owns yet become its own (a device of a site only). */
  private Future<Void> claim(Vertx vertx, PgConnection c, String device) {
    if (device == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      java.util.Set<String> ids = new java.util.TreeSet<>(lanes.keySet());
      if (Files.isRegularFile(snapshot)) {
        new JsonArray(Files.readString(snapshot)).forEach(o -> {
          if (o instanceof JsonObject j && j.getString("id") != null) {
            ids.add(j.getString("id"));
          }
        });
      }
      return ids.toArray(String[]::new);
    }).compose(ids -> c.preparedQuery(AppSql.CLAIM_LANES).execute(Tuple.tuple().addString(device)
            .addArrayOfString(ids))
        .compose(v -> c.preparedQuery(AppSql.OWNED_ELSEWHERE).execute(Tuple.tuple().addString(device)
            .addArrayOfString(ids))))
        .<Void>map(rows -> {
          // a lane's barrier and camera have one device: the one that took it first keeps it
          for (Row r : rows) {
            if (removeLane(r.getString("id"))) {
              LOG.error("Lane {} runs on device {} of the site: this device ({}) does not run it too; take it out "
                  + "of one of the two configurations", r.getString("id"), r.getString("device"), device);
            }
          }
          return null;
        });
  }

  private synchronized void put(JsonObject j) {
    try {
      LaneConfig l = check(j, "lanes(edited)[" + j.getString("id") + "].");
      lanes.put(l.id(), l);
      edited.put(l.id(), l.toJson());
    } catch (ConfigException | IllegalArgumentException e) {
      LOG.error("Lane {} as edited in the browser is not valid any more ({}); {}", j.getString("id"), e.getMessage(),
          lanes.containsKey(j.getString("id")) ? "running the configuration file's version" : "not running it");
    }
  }

  /**
   * A lane as stored or sent by an admin, read with the site's gate timings and checked beside the running lanes.
   *
   * @throws ConfigException naming the key that is wrong
   */
  LaneConfig check(JsonObject j, String path) {
    LaneConfig l = LaneConfig.from(j, path, cfg.gate());
    AppConfig.checkLanes(merged(l), cfg.mqtt(), cfg.cameraCommands());
    return l;
  }

  /** The lanes with {@code l} in place of (or after) the lane of its id. */
  private List<LaneConfig> merged(LaneConfig l) {
    Map<String, LaneConfig> m = new LinkedHashMap<>(lanes);
    m.put(l.id(), l);
    return List.copyOf(m.values());
  }

  /** Records a lane an admin changed (already checked and stored in PostgreSQL) and updates the local copy. */
  Future<Void> changed(Vertx vertx, LaneConfig l) {
    synchronized (this) {
      lanes.put(l.id(), l);
      edited.put(l.id(), l.toJson());
    }
    return save(vertx);
  }

  private synchronized boolean removeLane(String id) {
    return lanes.remove(id) != null;
  }

  private Future<Void> save(Vertx vertx) {
    JsonArray a;
    synchronized (this) {
      a = new JsonArray(new ArrayList<>(edited.values()));
    }
    Path tmp = snapshot.resolveSibling(snapshot.getFileName() + ".tmp");
    return vertx.fileSystem().mkdirs(snapshot.getParent().toString())
        .compose(v -> vertx.fileSystem().writeFile(tmp.toString(), Buffer.buffer(a.encodePrettily())))
        .compose(v -> vertx.executeBlocking(() -> Files.move(tmp, snapshot, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE)))
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("Lanes: cannot write the local copy {}: {}", snapshot, e.toString());
          return Future.succeededFuture();
        });
  }

  /** The lanes, as a copy: the site's heartbeat reads them from its own event loop. */
  synchronized List<LaneConfig> all() {
    return List.copyOf(lanes.values());
  }

  synchronized LaneConfig get(String id) {
    return lanes.get(id);
  }
}
