package io.lanekeeper.bus;

import java.util.List;

/**
 * Every event-bus address of the controller. Facts are published, commands are requested.
 * The prefix says who may hear an address: only {@code ui.*}-safe facts are forwarded to browsers
 * by the web verticle; {@code anpr.recognize} and {@code gate.*.command} never leave the process.
 */
public final class Addresses {

  /** Request/reply, local only. Body: {@link FrameRequest}; reply: {@link FrameResult}. */
  public static final String ANPR_RECOGNIZE = "anpr.recognize";

  /** Published for every plate read in a frame. Body: {@link PlateRead} JSON. */
  public static final String ANPR_READ = "anpr.read";

  /**
   * Published for every frame the engine read, after its plates' {@link #ANPR_READ}s: the tracker learns from it
   * that a vehicle it no longer sees has left. Body: {@link FrameSeen} JSON.
   */
  public static final String ANPR_FRAME = "anpr.frame";

  /**
   * Published by the tracker when a plate stands where it stood before, not moving: a parked car, or one still
   * waiting, reported as such and never decided again. Body: {@link ParkedPlate} JSON.
   */
  public static final String VEHICLE_PARKED = "vehicle.parked";

  /**
   * Published by the store once the database's schema is migrated (on every start): the web checks for accounts and
   * the matcher loads the registry then, rather than failing on tables that are not there yet. Body: {}.
   */
  public static final String SCHEMA_READY = "store.schema-ready";

  /** Published once per vehicle by the tracker after consensus. Body: {@link VehicleRead} JSON. */
  public static final String VEHICLE_READ = "vehicle.read";

  /** Published once per vehicle by the matcher/policy. Body: {@link AccessDecision} JSON. */
  public static final String ACCESS_DECISION = "access.decision";

  /** Published on every gate state change. Body: {@link GateState} JSON. */
  public static final String GATE_STATE = "gate.state";

  /** Published by camera sources, about once a second per lane. Body: {@link CameraStatus} JSON. */
  public static final String CAMERA_STATUS = "camera.status";

  /** Published for every barrier action, automatic or manual, for the audit. Body: {@link GateAction} JSON. */
  public static final String GATE_ACTION = "gate.action";

  /** Published by the store after an event row is written (carries its id). Body: {@link AccessDecision} JSON. */
  public static final String EVENT_STORED = "store.event-stored";

  /**
   * Published by the matcher after a change of the registered plates, passes or lots reached its index (through
   * PostgreSQL's NOTIFY). Body: {@link RegistryChange} JSON.
   */
  public static final String MATCHER_CHANGED = "matcher.changed";

  /**
   * Request/reply to the matcher's state. Body: {}; reply: {@link MatcherStatus} JSON.
   */
  public static final String MATCHER_STATUS = "matcher.status";

  /**
   * Request/reply, local only: switch a relay over MQTT. Body: {@link RelaySwitch} JSON; the MQTT verticle
   * publishes at QoS 1 and replies once the broker acknowledged, or fails (503) when it is not connected.
   */
  public static final String MQTT_RELAY = "mqtt.relay";

  /**
   * Published by the matcher when a vehicle enters or leaves a lot. Body: {@link LotOccupancy} JSON.
   */
  public static final String LOT_OCCUPANCY = "lot.occupancy";

  /**
   * Published when something needs a person's attention (a registry row the matcher cannot read, a camera down...).
   * Body: {@link Alert} JSON. Dashboards show it and MQTT publishes it on {@code <prefix>/alert}.
   */
  public static final String ALERT = "system.alert";

  /**
   * Published by the alerts verticle when an alert is raised or cleared, once each. Body: {@link AlertState} JSON.
   * Reports on {@link #ALERT} (level {@code ok} clears) and the facts it watches itself go in.
   */
  public static final String ALERT_STATE = "alert.state";

  /** Request/reply: the alerts active now, worst first. Reply: {@code {"alerts": [AlertState...]}}. */
  public static final String ALERT_LIST = "alert.list";

  /**
   * Request/reply to the health of one component. Body: {}; reply: {"status":"UP|DOWN", ...}. The store answers
   * {@code health.database} (PostgreSQL taking its writes; {@code outbox}: writes waiting), the engine
   * {@code health.model}.
   */
  public static final String HEALTH_DATABASE = "health.database";
  public static final String HEALTH_MODEL = "health.model";
  /** The embedded PostgreSQL's supervisor, when the controller runs one: reply {@code DatabaseStatus} JSON. */
  public static final String HEALTH_DATABASE_SERVER = "health.database-server";

  /**
   * Request/reply to the controller: check a lane an admin wants to store against the lanes that run. Body: the
   * lane's {@code LaneConfig} JSON; reply: {} or fail(400, the reason).
   */
  public static final String LANES_CHECK = "lanes.check";
  /**
   * Request/reply to the controller: run a lane an admin has stored (its camera restarts, the matcher and the web
   * take the new rules, the gate its wiring once its barrier is closed). Body: the lane's JSON; reply:
   * {@code {"gate": "applied|pending|none"}}.
   */
  public static final String LANES_APPLY = "lanes.apply";
  /**
   * Request/reply, local: a lane's configuration changed and runs now. Each part that keeps lanes (the web's
   * routes, the matcher, MQTT) has its own address ({@link #lanesChanged}) and replies {} once it has taken the lane,
   * so that the admin's answer comes only when every part sees the lane. Body: its {@code LaneConfig} JSON.
   */
  public static final String LANES_CHANGED = "lanes.changed";
  /** The parts that take a changed lane, each at {@code lanes.changed.<part>}. */
  public static final List<String> LANE_TAKERS = List.of("web", "matcher", "mqtt");

  /** The address at which one part ({@link #LANE_TAKERS}) takes a changed lane. */
  public static String lanesChanged(String part) {
    return LANES_CHANGED + "." + part;
  }

  /**
   * Request/reply to the controller: the names of the programs {@code exec} cameras may run (the configuration
   * file's {@code cameraCommands}). Body: {}; reply: {"commands": [name...]}.
   */
  public static final String CAMERA_COMMANDS = "lanes.camera-commands";
  /**
   * Publish: what dashboards may know of a lane that changed (id, name, direction, formats, maxDistance, lot,
   * enabled): never its camera or wiring, which may hold a password.
   */
  public static final String LANE_PUBLIC = "lanes.public";

  /**
   * Publish, site-wide, every {@code SiteHeartbeat.PERIOD_MS} by each device: {@code {node, version, startedAt,
   * lanes: [lane summary with "barrier"]}}. Dashboards learn the site's devices and their lanes from it, and
   * notice a device gone when it falls silent.
   */
  public static final String SITE_NODE = "site.node";
  /**
   * Request/reply to the gate verticle: a lane's new wiring. Body: the lane's JSON; reply {@code {"gate":
   * "applied"}}, or {@code "pending"} while its barrier is not closed (applied when it closes).
   */
  public static final String GATE_RECONFIGURE = "gate.reconfigure";

  private Addresses() {
  }

  /**
   * Request/reply to the matcher: a person opens the barrier for a vehicle it refused. Body: {@code {vehicle, lane,
   * by, why}}; reply: {@code {gate: GateState, counted}} where counted says how the lot counted the vehicle (or
   * null); fails 404 (a vehicle it does not remember), 400 (another lane), 403 (deny-listed), 409 (already opening)
   * or as the gate did.
   */
  public static final String MATCHER_OVERRIDE = "matcher.override";

  /**
   * Request/reply, site-wide: {@link #MATCHER_OVERRIDE} to the matcher of one device of the site, for a lane it
   * holds (a dashboard on another device opening for a vehicle this device refused).
   */
  public static String matcherOverride(String node) {
    return "matcher." + node + ".override";
  }

  /** The failure code of a site-wide request about a lane the device asked does not run (not the camera's 404). */
  public static final int NO_LANE = 4040;

  /**
   * Request/reply, site-wide: to the controller of one device of the site, for a lane it runs, as
   * {@link #LANES_CHECK} and {@link #LANES_APPLY} are to its own ({@code check}, {@code apply}: a new lane given to
   * that device too); {@code config}: body {@code {id}}, reply the lane's whole configuration (over the site's TLS
   * event bus, to a member of the site); {@code camera-commands}: as {@link #CAMERA_COMMANDS}; {@code frame}: body
   * {@link FrameRef} JSON with {@code lane}, reply the frame's bytes as {@link #cameraFrame} gives them, or 404 (no
   * such frame) or {@link #NO_LANE}.
   */
  public static String lanesOf(String node, String what) {
    return "lanes." + node + "." + what;
  }

  /**
   * Request/reply to the matcher: a person marks a plate counted inside a lot as gone. Body: {@code {lot, plate,
   * by, why}}; reply: {@code {lot, plate, occupancy}}; fails 404 (not inside) or 400.
   */
  public static final String MATCHER_GONE = "matcher.gone";

  /** Request/reply to the privacy verticle: run the retention purge now. Reply: its counts. */
  public static final String PRIVACY_PURGE = "privacy.purge";
  /** Request/reply: everything held about a plate. Body: {@code {plate, by, why}}; reply: the export. */
  public static final String PRIVACY_EXPORT = "privacy.export";
  /** Request/reply: erase everything held about a plate. Body: {@code {plate, by, why}}; reply: the counts. */
  public static final String PRIVACY_ERASE = "privacy.erase";
  /** Published after an erasure, so that memories of the plate (the matcher's presence) forget it. Body: {plate}. */
  public static final String PRIVACY_ERASED = "privacy.erased";

  /** Request/reply to the gate of one lane. Body: {@link GateCommand} JSON; reply: {@link GateState} JSON. */
  public static String gateCommand(String laneId) {
    return "gate." + laneId + ".command";
  }

  /**
   * Request/reply, local only: a frame pushed over HTTP to the camera of one lane. Body: {@link FrameRequest};
   * reply: {@link FrameResult}; fails with 503 when recognition is saturated (the frame is dropped).
   */
  public static String cameraPush(String laneId) {
    return "camera." + laneId + ".push";
  }

  /**
   * Published by the gate when a vehicle arrives on the loop of a closed barrier: the lane's camera captures a
   * burst. Body: {@link CameraTrigger} JSON.
   */
  public static String cameraTrigger(String laneId) {
    return "camera." + laneId + ".trigger";
  }

  /**
   * Request {@link FrameRef} JSON: the camera of the lane answers with the frame's bytes, or fails 404. The frame id
   * {@link FrameRef#LATEST} asks for the newest frame the camera received, whether or not it was read.
   */
  public static String cameraFrame(String laneId) {
    return "camera." + laneId + ".frame";
  }

  /**
   * Sent by the tracker: the {@link FrameRef} holds the best read of a vehicle not yet decided; the camera keeps it
   * past its short ring of recent frames, so the decision's frame can still be shown and archived.
   */
  public static String cameraKeep(String laneId) {
    return "camera." + laneId + ".keep";
  }

  /** Request/reply to the gate state of one lane. Body: {}; reply: {@link GateState} JSON. */
  public static String gateQuery(String laneId) {
    return "gate." + laneId + ".query";
  }
}
