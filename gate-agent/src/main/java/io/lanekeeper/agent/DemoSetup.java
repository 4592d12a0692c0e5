package io.lanekeeper.agent;

import io.lanekeeper.db.DbTarget;
import io.lanekeeper.db.Migrations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a few of the demo frames' plates so that the demo shows every kind of decision: half
 * the plates allowed, one allowed through a look-alike (fuzzy match), one deny-listed, the rest
 * unknown.
 */
final class DemoSetup {

  private static final Logger LOG = LoggerFactory.getLogger(DemoSetup.class);
  private static final Map<Character, Character> LOOK_ALIKE = Map.of('0', 'O', 'O', '0', '1', 'I', 'I', '1',
      '8', 'B', 'B', '8', '5', 'S', 'S', '5');
  private static final String UPSERT = """
      INSERT INTO plates (plate, display, kind, owner, notes, created_by, updated_by)
      VALUES (?, ?, ?, ?, 'registered by the demo', 'demo', 'demo')
      ON CONFLICT (plate, kind) DO NOTHING
      """;

  private DemoSetup() {
  }

  static void registerPlates(DbTarget db, Path frames) {
    List<String> plates = platesIn(frames);
    if (plates.isEmpty()) {
      LOG.warn("No labelled demo frames in {}; no plates registered", frames);
      return;
    }
    try {
      Migrations.migrate(db);
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
           PreparedStatement ps = c.prepareStatement(UPSERT)) {
        for (int i = 0; i < plates.size(); i++) {
          String p = plates.get(i);
          String twin = lookAlike(p);
          if (i == 2) {
            add(ps, p, "deny", "Banned vehicle");
          } else if (i == 3 && twin != null) {
            add(ps, twin, "allow", "Visitor (registered with a look-alike character)");
          } else if (i % 4 < 2) {
            add(ps, p, "allow", "Resident " + (i + 1));
          }
        }
        ps.executeBatch();
      }
      LOG.info("Demo: registered plates from {} labelled frames in {}", plates.size(), frames);
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Demo plates not registered ({}); the controller runs without them", e.getMessage());
    }
  }

  private static void add(PreparedStatement ps, String plate, String kind, String owner) throws SQLException {
    ps.setString(1, plate);
    ps.setString(2, plate);
    ps.setString(3, kind);
    ps.setString(4, owner);
    ps.addBatch();
  }

  private static String lookAlike(String p) {
    for (int i = 0; i < p.length(); i++) {
      Character t = LOOK_ALIKE.get(p.charAt(i));
      if (t != null) {
        return p.substring(0, i) + t + p.substring(i + 1);
      }
    }
    return null;
  }

  /**
   * The plate texts of the frames' label files ({@code file x y w h PLATE}) of every set under {@code frames}
   * ({@code <set>/scenes/*.txt}, as {@code scripts/demo} draws them), in file order.
   */
  static List<String> platesIn(Path frames) {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(frames, 3)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          String[] cols = line.split("\t");
          if (cols.length >= 6 && cols[5].matches("[A-Z0-9]{2,12}") && !out.contains(cols[5])) {
            out.add(cols[5]);
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot read demo frames in {}: {}", frames, e.getMessage());
    }
    return out;
  }
}
