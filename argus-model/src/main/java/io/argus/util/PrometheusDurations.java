package io.argus.util;

import io.argus.model.labels.Labels;

/**
 * Prometheus' duration syntax as used in configuration files: {@code <integer><unit>} terms with
 * units {@code y} (365 days), {@code w}, {@code d}, {@code h}, {@code m}, {@code s}, {@code ms},
 * each at most once and from the largest to the smallest ({@code 1h30m}), or the bare {@code 0}.
 * Parsed durations are non-negative and must fit in 2<sup>63</sup>-1 nanoseconds. The one
 * implementation for configuration files, command-line flags and PromQL. Not instantiable;
 * thread-safe.
 */
public final class PrometheusDurations {
  private static final long DAY_MS = 24L * 60 * 60 * 1000;
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] UNIT_MS = {
    365 * DAY_MS, 7 * DAY_MS, DAY_MS, 60L * 60 * 1000, 60L * 1000, 1000, 1
  };
  private static final long MAX_MS = Long.MAX_VALUE / 1_000_000;

  private PrometheusDurations() {}

  /**
   * Parses {@code text} into milliseconds.
   *
   * @throws IllegalArgumentException with upstream's wording: {@code empty duration string},
   *     {@code not a valid duration string: "5m1h"} (misordered or missing parts), {@code unknown
   *     unit "hs" in duration "5y1hs"} or {@code duration out of range}
   */
  public static long parse(String text) {
    if (text.equals("0")) {
      return 0;
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    long total = 0;
    int nextUnit = 0;
    int pos = 0;
    int n = text.length();
    while (pos < n) {
      int start = pos;
      while (pos < n && isDigit(text.charAt(pos))) {
        pos++;
      }
      if (pos == start) {
        throw invalid(text);
      }
      String digits = text.substring(start, pos);
      int unitStart = pos;
      while (pos < n && !isDigit(text.charAt(pos))) {
        pos++;
      }
      if (pos == unitStart) {
        throw invalid(text);
      }
      String unitText = text.substring(unitStart, pos);
      int unit = unitIndex(unitText);
      if (unit < 0) {
        throw new IllegalArgumentException(
            "unknown unit " + goQuote(unitText) + " in duration " + goQuote(text));
      }
      if (unit < nextUnit) {
        throw invalid(text);
      }
      nextUnit = unit + 1;
      long amount;
      try {
        amount = Long.parseLong(digits);
      } catch (NumberFormatException e) {
        throw invalid(text);
      }
      if (amount > MAX_MS / UNIT_MS[unit]) {
        throw outOfRange();
      }
      total += amount * UNIT_MS[unit];
      if (total > MAX_MS) {
        throw outOfRange();
      }
    }
    return total;
  }

  /**
   * Formats milliseconds as Prometheus prints durations: {@code 0s} for zero, otherwise the largest
   * units first ({@code 1h30m}); years and weeks only when they divide the duration. Negative
   * values (PromQL offsets) get a leading minus.
   */
  public static String format(long millis) {
    if (millis == 0) {
      return "0s";
    }
    if (millis < 0) {
      return "-" + format(-millis);
    }
    StringBuilder out = new StringBuilder();
    long rest = millis;
    for (int i = 0; i < UNITS.length; i++) {
      if (i < 2 && rest % UNIT_MS[i] != 0) {
        continue;
      }
      long count = rest / UNIT_MS[i];
      if (count > 0) {
        out.append(count).append(UNITS[i]);
        rest -= count * UNIT_MS[i];
      }
    }
    return out.toString();
  }

  private static int unitIndex(String unit) {
    for (int i = 0; i < UNITS.length; i++) {
      if (UNITS[i].equals(unit)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("not a valid duration string: " + goQuote(text));
  }

  private static String goQuote(String s) {
    StringBuilder sb = new StringBuilder();
    Labels.appendQuoted(sb, s);
    return sb.toString();
  }

  private static IllegalArgumentException outOfRange() {
    return new IllegalArgumentException("duration out of range");
  }
}
