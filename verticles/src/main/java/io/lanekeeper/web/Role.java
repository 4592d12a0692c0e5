package io.lanekeeper.web;

/**
 * The least role a route needs. Every route and the live WebSocket declare one in
 * {@link ApiRoutes}; authentication is not enforced yet, and when it comes it plugs in there.
 */
enum Role {
  /** Needs no login: health probes. */
  ANYONE,
  /** Watches the dashboard and reads history. */
  VIEWER,
  /** Also acts on barriers and pushes frames. */
  OPERATOR,
  /** Also edits plates, lanes and users. */
  ADMIN
}
