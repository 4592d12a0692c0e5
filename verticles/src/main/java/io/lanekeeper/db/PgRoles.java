package io.lanekeeper.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.util.PasswordUtil;

/**
 * The controller's role and database on the embedded server, made (or repaired) by the superuser at every start:
 * role {@code lanekeeper}, a login without superuser, role or database creation rights, owner of the database
 * {@code lanekeeper} and of every object in it, so that its migrations (extension {@code pg_trgm} included, a
 * trusted one) run as that role.
 */
final class PgRoles {

  private static final String ROLE = PgDataDir.ROLE;

  /**
   * Gives the role what an older version's superuser made (the database {@code postgres}, renamed): tables,
   * sequences not owned by a column (those follow their table), views, functions, types and schemas. Objects of
   * extensions stay their extension's.
   */
  private static final String TAKE_OWNERSHIP = """
      DO $$
      DECLARE s text;
      BEGIN
        FOR s IN
          SELECT format('ALTER SCHEMA %1$I OWNER TO %2$I', n.nspname, '{role}') FROM pg_namespace n
           WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
             AND n.nspowner NOT IN ('{role}'::regrole, 'pg_database_owner'::regrole)
             AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid
                             AND d.deptype = 'e')
          UNION ALL
          SELECT format('ALTER %s %s OWNER TO %I', CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                   WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
                   c.oid::regclass, '{role}')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
             AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND c.relowner <> '{role}'::regrole
             AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                             AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i'))))
          UNION ALL
          SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, '{role}')
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' AND p.proowner <> '{role}'::regrole
             AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                             AND d.deptype = 'e')
          UNION ALL
          SELECT format('ALTER TYPE %s OWNER TO %I', t.oid::regtype, '{role}')
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' AND t.typowner <> '{role}'::regrole
             AND (t.typtype IN ('e', 'd', 'r')
                  OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
             AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid
                             AND d.deptype = 'e')
        LOOP
          EXECUTE s;
        END LOOP;
      END$$""".replace("{role}", ROLE);

  private PgRoles() {
  }

  /** Blocking: {@code admin} is the superuser on any database of the server. */
  static void provision(DbTarget admin, PgSecrets secrets) throws SQLException {
    String verifier = PasswordUtil.encodeScramSha256(secrets.rolePassword().toCharArray());
    try (Connection c = Postmaster.connect(admin.withDatabase("template1")); Statement s = c.createStatement()) {
      if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", ROLE)) {
        s.execute("CREATE ROLE " + ROLE);
      }
      // every start: the attributes and the password as they must be, whatever happened to them
      s.execute("ALTER ROLE " + ROLE + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
          + "PASSWORD '" + verifier + "'");
      if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", PgDataDir.DATABASE)) {
        s.execute("CREATE DATABASE " + PgDataDir.DATABASE + " OWNER " + ROLE);
      }
      s.execute("ALTER DATABASE " + PgDataDir.DATABASE + " OWNER TO " + ROLE);
      if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", "postgres")) {
        s.execute("CREATE DATABASE postgres"); // the superuser's, for tools that expect it
      }
    }
    try (Connection c = Postmaster.connect(admin.withDatabase(PgDataDir.DATABASE));
         Statement s = c.createStatement()) {
      s.execute(TAKE_OWNERSHIP);
    }
  }

  private static boolean exists(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
