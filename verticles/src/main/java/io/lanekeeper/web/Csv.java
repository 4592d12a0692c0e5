package io.lanekeeper.web;

/**
 * Writes CSV (RFC 4180) that is safe to open in a spreadsheet: text that starts like a formula ({@code = + - @},
 * tab, carriage return) gets a leading apostrophe, because plate text and notes come from cameras and people.
 */
public final class Csv {

  private Csv() {
  }

  public static void row(StringBuilder out, Object... cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(cells[i]));
    }
    out.append("\r\n");
  }

  /** One cell as written: empty for null, numbers as they are, text defused and quoted where needed. */
  public static String field(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    String s = v.toString();
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
