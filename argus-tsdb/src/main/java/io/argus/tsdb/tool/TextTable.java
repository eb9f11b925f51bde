package io.argus.tsdb.tool;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects rows of cells and prints them aligned the way Go's {@code text/tabwriter} does with the
 * settings promtool uses (no minimum width, padding 2, space padding): every cell but a row's last
 * is padded with spaces to its column's widest cell plus two; the last cell is printed as is. Not
 * thread-safe.
 */
final class TextTable {
  private static final int PADDING = 2;
  private static final int MIN_WIDTH = 13;
  private final List<String[]> rows = new ArrayList<>();

  /** Adds a row; rows may have different numbers of cells. */
  TextTable row(String... cells) {
    rows.add(cells.clone());
    return this;
  }

  /** Writes all rows, each ending with a newline, and forgets them. */
  void printTo(PrintWriter out) {
    int columns = 0;
    for (String[] row : rows) {
      columns = Math.max(columns, row.length);
    }
    int[] widths = new int[columns];
    Arrays.fill(widths, MIN_WIDTH - PADDING);
    for (String[] row : rows) {
      for (int c = 0; c < row.length - 1; c++) {
        widths[c] = Math.max(widths[c], row[c].codePointCount(0, row[c].length()));
      }
    }
    StringBuilder line = new StringBuilder();
    for (String[] row : rows) {
      line.setLength(0);
      for (int c = 0; c < row.length; c++) {
        line.append(row[c]);
        if (c < row.length - 1) {
          int pad = widths[c] + PADDING - row[c].codePointCount(0, row[c].length());
          line.repeat(' ', pad);
        }
      }
      out.print(line);
      out.print('\n');
    }
    rows.clear();
  }
}
