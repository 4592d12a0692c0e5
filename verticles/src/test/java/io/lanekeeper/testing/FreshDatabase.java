package io.lanekeeper.testing;

import io.lanekeeper.db.DbTarget;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh, migrated database ({@link TestDatabase}) for a test class, made and dropped by JUnit: one field replaces
 * the set-up and tear-down each database test used to write. Registered on a static field it lasts the class, on an
 * instance field one test:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FreshDatabase db = new FreshDatabase();
 * }</pre>
 *
 * <p>It is made before the class's own {@code @BeforeAll} (or {@code @BeforeEach}) methods run and dropped after its
 * {@code @AfterAll} (or {@code @AfterEach}) methods, so verticles deployed there find it and are gone before it goes.
 */
public final class FreshDatabase implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback {

  private TestDatabase db;
  private boolean perTest;

  @Override
  public void beforeAll(ExtensionContext context) {
    db = TestDatabase.create();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    drop();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (db == null) {
      perTest = true;
      db = TestDatabase.create();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      drop();
    }
  }

  private void drop() {
    if (db != null) {
      db.close();
      db = null;
    }
  }

  /** The database itself, for helpers that take one. */
  public TestDatabase get() {
    if (db == null) {
      throw new IllegalStateException("no database: register FreshDatabase with @RegisterExtension");
    }
    return db;
  }

  public DbTarget target() {
    return get().target();
  }

  public void exec(String sql) {
    get().exec(sql);
  }

  public long count(String sql) {
    return get().count(sql);
  }

  public String text(String sql, String arg) {
    return get().text(sql, arg);
  }
}
