package io.argus.util;

import java.util.Locale;

/**
 * Byte sizes as Prometheus' configuration writes them ({@code body_size_limit: 10MB}): an integer
 * followed by a unit among {@code B}, {@code KB}/{@code KiB}, {@code MB}/{@code MiB}, {@code
 * GB}/{@code GiB}, {@code TB}/{@code TiB}, {@code PB}/{@code PiB}, {@code EB}/{@code EiB}; every
 * unit is a power of 1024, as upstream. Not instantiable; thread-safe.
 */
public final class ByteSizes {
  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};

  private ByteSizes() {}

  /**
   * Parses a size into bytes; {@code 0} alone is accepted.
   *
   * @throws IllegalArgumentException with upstream's wording when the text is not a size
   */
  public static long parse(String text) {
    if (text.equals("0")) {
      return 0;
    }
    int pos = 0;
    long total = 0;
    int lastUnit = UNITS.length;
    while (pos < text.length()) {
      int start = pos;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      int unitStart = pos;
      while (pos < text.length() && !Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      if (start == unitStart || unitStart == pos) {
        throw invalid(text);
      }
      int unit = unitIndex(text.substring(unitStart, pos));
      if (unit < 0 || unit >= lastUnit) {
        throw invalid(text);
      }
      lastUnit = unit;
      long amount;
      try {
        amount = Long.parseLong(text.substring(start, unitStart));
      } catch (NumberFormatException e) {
        throw invalid(text);
      }
      long scale = 1L << (10 * unit);
      if (amount > Long.MAX_VALUE / scale || total + amount * scale < 0) {
        throw invalid(text);
      }
      total += amount * scale;
    }
    if (total == 0 && text.isEmpty()) {
      throw invalid(text);
    }
    return total;
  }

  /** Formats bytes with the largest unit that divides them, e.g. {@code 10MB}, {@code 0B}. */
  public static String format(long bytes) {
    if (bytes == 0) {
      return "0B";
    }
    for (int unit = UNITS.length - 1; unit > 0; unit--) {
      long scale = 1L << (10 * unit);
      if (bytes % scale == 0) {
        return (bytes / scale) + UNITS[unit];
      }
    }
    return bytes + "B";
  }

  private static int unitIndex(String unit) {
    String u = unit.toUpperCase(Locale.ROOT).replace("IB", "B");
    for (int i = 0; i < UNITS.length; i++) {
      if (UNITS[i].equals(u)) {
        return i;
      }
    }
    return -1;
  }

  private static String unitOf(String text) {
    int i = 0;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      i++;
    }
    int j = i;
    while (j < text.length() && !Character.isDigit(text.charAt(j))) {
      j++;
    }
    return text.substring(i, j);
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("units: unknown unit " + unitOf(text) + " in " + text);
  }
}
