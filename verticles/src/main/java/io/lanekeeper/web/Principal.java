package io.lanekeeper.web;

/**
 * Who makes a request: a person logged in with a session, or a device with an API token (a camera pushing frames,
 * a building system). {@code name} is what the audit records.
 *
 * @param userId the account's id, or -1 for an API token
 */
record Principal(long userId, String name, Role role) {

  boolean isToken() {
    return userId < 0;
  }
}
