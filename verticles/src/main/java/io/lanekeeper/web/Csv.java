package io.lanekeeper.web;

/**
 * Writes CSV (RFC 4180) that is safe to open in a spreadsheet: text that starts like a formula ({@code = + - @},
 * tab, carriage return) gets a leading apostrophe, because plate text and notes come from cameras and people.
 */
final class Csv {

  private Csv() {
  }

  static void row(StringBuilder out, Object... cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      cell(out, cells[i]);
    }
    out.append("\r\n");
  }

  private static void cell(StringBuilder out, Object v) {
    if (v == null) {
      return;
    }
    if (v instanceof Number || v instanceof Boolean) {
      out.append(v);
      return;
    }
    String s = v.toString();
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      out.append('"').append(s.replace("\"", "\"\"")).append('"');
    } else {
      out.append(s);
    }
  }
}
