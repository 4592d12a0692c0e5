package io.lanekeeper.matcher;

import java.util.ArrayList;
import java.util.List;

/**
 * The edits that turn a registered plate into a read, for the decision's reason:
 * {@code O->0} (registered O read as 0), {@code -X} (X not read), {@code +X} (X read in excess).
 */
final class EditScript {

  private EditScript() {
  }

  static List<String> between(String registered, String read) {
    int n = registered.length();
    int m = read.length();
    int[][] d = new int[n + 1][m + 1];
    for (int i = 0; i <= n; i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= m; j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        int sub = d[i - 1][j - 1] + (registered.charAt(i - 1) == read.charAt(j - 1) ? 0 : 1);
        d[i][j] = Math.min(sub, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
      }
    }
    List<String> edits = new ArrayList<>();
    int i = n;
    int j = m;
    while (i > 0 || j > 0) {
      if (i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + (registered.charAt(i - 1) == read.charAt(j - 1) ? 0 : 1)) {
        if (registered.charAt(i - 1) != read.charAt(j - 1)) {
          edits.addFirst(registered.charAt(i - 1) + "->" + read.charAt(j - 1));
        }
        i--;
        j--;
      } else if (i > 0 && d[i][j] == d[i - 1][j] + 1) {
        edits.addFirst("-" + registered.charAt(i - 1));
        i--;
      } else {
        edits.addFirst("+" + read.charAt(j - 1));
        j--;
      }
    }
    return edits;
  }
}
