package io.lanekeeper.web;

import java.util.Locale;

/**
 * The least role a route needs; each role may do what the ones before it may. Every route and the live WebSocket
 * declare one in {@link ApiRoutes}, and {@link Auth} enforces it on the server.
 */
enum Role {
  /** Needs no login: health probes, the login page and its files. */
  ANYONE,
  /** Watches the dashboard and reads history. */
  VIEWER,
  /** Also opens barriers, pushes frames, issues visitor passes, corrects lot counts. */
  OPERATOR,
  /** Also edits plates, lanes, lots and users. */
  ADMIN;

  boolean allows(Role needed) {
    return compareTo(needed) >= 0;
  }

  /** The role of a user account (never ANYONE), from its name in the database or a request. */
  static Role ofAccount(String name) {
    if (name != null) {
      switch (name.toLowerCase(Locale.ROOT)) {
        case "viewer":
          return VIEWER;
        case "operator":
          return OPERATOR;
        case "admin":
          return ADMIN;
        default:
          break;
      }
    }
    throw ApiError.invalid("role", "must be one of viewer, operator, admin");
  }

  String account() {
    return name().toLowerCase(Locale.ROOT);
  }
}
