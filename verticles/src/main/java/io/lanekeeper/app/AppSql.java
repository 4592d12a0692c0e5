package io.lanekeeper.app;

/** The SQL the controller runs itself, outside its verticles. */
final class AppSql {

  /** The lanes an admin stored in the browser, whole, oldest edit first (the web API writes them). */
  static final String EDITED_LANES = """
      SELECT config FROM lanes WHERE edited_by IS NOT NULL AND config IS NOT NULL ORDER BY edited_at, id""";

  private AppSql() {
  }
}
