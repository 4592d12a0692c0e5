package io.lanekeeper.app;

/** The SQL the controller runs itself, outside its verticles. */
final class AppSql {

  /** The lanes an admin stored in the browser, whole, oldest edit first (the web API writes them). */
  static final String EDITED_LANES = """
      SELECT config FROM lanes WHERE edited_by IS NOT NULL AND config IS NOT NULL ORDER BY edited_at, id""";

  /** As {@link #EDITED_LANES}, those of one device of a site ($1). */
  static final String EDITED_LANES_OF = """
      SELECT config FROM lanes WHERE edited_by IS NOT NULL AND config IS NOT NULL AND device = $1
      ORDER BY edited_at, id""";

  /**
   * A device of a site takes the lanes it runs that no device owns yet ($2: its file's and those it ran before
   * joining, from its local copy): a database shared from then on gives each device its own.
   */
  static final String CLAIM_LANES = "UPDATE lanes SET device = $1 WHERE device IS NULL AND id = ANY($2)";

  /** Which of the lanes $1 the database holds. */
  static final String PRESENT = "SELECT id FROM lanes WHERE id = ANY($1)";

  /** Of the lanes $2, those another device than $1 runs: this device must not run them too. */
  static final String OWNED_ELSEWHERE = "SELECT id, device FROM lanes WHERE id = ANY($2) AND device <> $1";

  private AppSql() {
  }
}
