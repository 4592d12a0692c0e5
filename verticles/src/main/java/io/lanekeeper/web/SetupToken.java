package io.lanekeeper.web;

import io.lanekeeper.config.PrivateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The first run's setup token as a newcomer finds it: a framed block in the log, and a file only its owner reads. */
final class SetupToken {

  private SetupToken() {
  }

  /** The block logged at start while there is no account. */
  static String banner(String url, String token, Path file) {
    List<String> lines = new ArrayList<>();
    lines.add("No user accounts yet. Create the first admin at");
    lines.add("    " + url + "/#setup");
    lines.add("with the one-time setup token");
    lines.add("    " + token);
    if (file != null) {
      lines.add("(also in " + file.toAbsolutePath() + ", readable by this user only,");
      lines.add(" deleted once the first admin exists)");
    }
    int w = lines.stream().mapToInt(String::length).max().orElse(0);
    String rule = "+" + "-".repeat(w + 2) + "+";
    StringBuilder b = new StringBuilder("\n").append(rule).append('\n');
    for (String l : lines) {
      b.append("| ").append(l).append(" ".repeat(w - l.length())).append(" |\n");
    }
    return b.append(rule).toString();
  }

  /** Writes the token to {@code file}, created readable and writable by its owner only; nothing when null. */
  static void write(Path file, String token) throws IOException {
    if (file == null) {
      return;
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    PrivateFile.write(file, token + "\n");
  }
}
