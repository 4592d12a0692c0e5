package io.lanekeeper.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * In a site cluster a consumer registered with {@code consumer()} hears every device: the store would write another
 * device's events twice, a matcher decide on another device's vehicles. So a device's parts listen with
 * {@code localConsumer()}, and each site-wide consumer (the dashboard's facts, a lane's barrier commands) says why
 * in a {@code site-wide} comment just above it (docs/site.md).
 */
@DisplayName("The event bus: a device's own consumers stay on it")
class SiteBusTest {

  private static final Pattern CLUSTER_CONSUMER = Pattern.compile("(?:eventBus\\(\\)|\\bbus)\\s*\\.\\s*(?:<[\\w<>]+>)?"
      + "consumer\\(");

  @Test
  @DisplayName("Every cluster-wide consumer in the controller's code is marked site-wide, with its reason")
  void siteWideMarked() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Path.of("src", "main", "java"))) {
      files = s.filter(p -> p.toString().endsWith(".java")).toList();
    }
    List<String> unmarked = new ArrayList<>();
    int site = 0;
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f);
      for (int i = 0; i < lines.size(); i++) {
        if (!CLUSTER_CONSUMER.matcher(lines.get(i)).find()) {
          continue;
        }
        boolean marked = false;
        for (int k = Math.max(0, i - 3); k < i && !marked; k++) {
          marked = lines.get(k).contains("// site-wide:");
        }
        if (marked) {
          site++;
        } else {
          unmarked.add(f + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
      }
    }
    assertThat(unmarked).as("consumers that would hear every device of a site").isEmpty();
    assertThat(site).as("the dashboard's facts and the barriers' commands").isGreaterThanOrEqualTo(4);
  }
}
