package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A command to the gate of one lane.
 *
 * @param action {@code open}, {@code close}, or {@code reset} (leave a fault, manual only)
 * @param decisionId the decision that asks for it (automatic), or null for a manual command
 * @param issuedAt when the decision was taken or the person asked; the gate refuses stale commands
 * @param by who asked: {@code auto} for decisions, else a user name (required, as is {@code why}, for manual
 *     commands)
 * @param vehicle for a manual command, the vehicle (its refused decision's id) it is for, or null
 */
public record GateCommand(String lane, String action, String decisionId, Instant issuedAt, String by, String why,
                          String vehicle) {

  public static final int MAX_TEXT = 200;

  public GateCommand(String lane, String action, String decisionId, Instant issuedAt, String by, String why) {
    this(lane, action, decisionId, issuedAt, by, why, null);
  }

  public boolean manual() {
    return decisionId == null;
  }

  public JsonObject toJson() {
    return new JsonObject().put("lane", lane).put("action", action).put("decisionId", decisionId)
        .put("issuedAt", issuedAt.toString()).put("by", by).put("why", why).put("vehicle", vehicle);
  }

  /** Parses and checks a command; throws IllegalArgumentException saying what is wrong. */
  public static GateCommand fromJson(JsonObject j) {
    String issued = j.getString("issuedAt");
    if (issued == null) {
      throw new IllegalArgumentException("issuedAt is required");
    }
    GateCommand c = new GateCommand(j.getString("lane"), j.getString("action"), j.getString("decisionId"),
        Instant.parse(issued), j.getString("by"), j.getString("why"), j.getString("vehicle"));
    if (c.action() == null) {
      throw new IllegalArgumentException("action is required (open, close or reset)");
    }
    if (c.manual() && (blank(c.by()) || blank(c.why()))) {
      throw new IllegalArgumentException("a manual command needs who (by) and why");
    }
    if (c.manual() && "auto".equals(c.by())) {
      throw new IllegalArgumentException("'auto' commands carry the decision id");
    }
    if (c.vehicle() != null && !c.manual()) {
      throw new IllegalArgumentException("a decision's command is for its own vehicle; 'vehicle' is for manual ones");
    }
    if (c.vehicle() != null) {
      java.util.UUID.fromString(c.vehicle()); // IllegalArgumentException: not a vehicle id
    }
    if (c.by() != null && c.by().length() > MAX_TEXT || c.why() != null && c.why().length() > MAX_TEXT) {
      throw new IllegalArgumentException("by and why are limited to " + MAX_TEXT + " characters");
    }
    if (!printable(c.by()) || !printable(c.why())) {
      // what the audit row could not hold (PostgreSQL refuses U+0000) or would show garbled: no action without it
      throw new IllegalArgumentException("by and why must be one line of text, without control characters");
    }
    return c;
  }

  /**
   * Null, or one line of text an audit row shows as it is: no control characters (line breaks, NUL, escapes), no
   * line or paragraph separators, no invisible format characters (bidirectional overrides that would make a
   * reason read otherwise than it is stored).
   */
  public static boolean printable(String s) {
    return s == null || s.codePoints().noneMatch(cp -> switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
      default -> false;
    });
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
