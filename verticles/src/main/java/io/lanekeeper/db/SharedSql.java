package io.lanekeeper.db;

/** Statements more than one verticle runs, each against its own pool. */
public final class SharedSql {

  /**
   * A lot named by a lane's configuration: created with its id as name, never overwritten (capacity and name are
   * the admins'). The store runs it when it seeds the lanes, the matcher before writing a movement into the lot.
   */
  public static final String ENSURE_LOT = "INSERT INTO lots (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING";

  private SharedSql() {
  }
}
