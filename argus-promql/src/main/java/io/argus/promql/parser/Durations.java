package io.argus.promql.parser;

/**
 * Parses and formats Prometheus durations such as {@code 1h30m}, {@code 5m}, {@code 1y} and
 * {@code 1500ms}: integer groups with units in the fixed order y, w, d, h, m, s, ms (1y = 365d,
 * 1w = 7d); the bare {@code 0} means zero. Values are milliseconds. (argus-app has a similar
 * helper; this module cannot depend on it.)
 */
public final class Durations {
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] MILLIS = {
    365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000,
    1000L, 1L
  };
  /** Upstream durations are int64 nanoseconds. */
  private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000L;

  private Durations() {}

  /**
   * Parses a duration into milliseconds.
   *
   * @throws IllegalArgumentException with upstream's message, e.g. {@code not a valid duration
   *     string: "5m1h"}, {@code unknown unit "hs" in duration "5y1hs"}, {@code duration out of
   *     range}
   */
  public static long parse(String s) {
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    String invalid = "not a valid duration string: " + GoStrings.quote(s);
    long total = 0;
    int lastUnit = -1;
    int i = 0;
    while (i < s.length()) {
      int digitsStart = i;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == digitsStart) {
        throw new IllegalArgumentException(invalid);
      }
      String digits = s.substring(digitsStart, i);
      int unitStart = i;
      while (i < s.length() && !isDigit(s.charAt(i))) {
        i++;
      }
      if (i == unitStart) {
        throw new IllegalArgumentException(invalid);
      }
      String unit = s.substring(unitStart, i);
      int u = unitIndex(unit);
      if (u < 0) {
        throw new IllegalArgumentException(
            "unknown unit " + GoStrings.quote(unit) + " in duration " + GoStrings.quote(s));
      }
      if (u <= lastUnit) {
        throw new IllegalArgumentException(invalid);
      }
      lastUnit = u;
      long value;
      try {
        value = Long.parseLong(digits);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(invalid, e);
      }
      if (value > MAX_MILLIS / MILLIS[u]) {
        throw new IllegalArgumentException("duration out of range");
      }
      total += value * MILLIS[u];
      if (total > MAX_MILLIS) {
        throw new IllegalArgumentException("duration out of range");
      }
    }
    return total;
  }

  /**
   * Formats milliseconds like upstream: largest units first, years and weeks only when they
   * divide the rest exactly ({@code 90d}, not {@code 12w6d}); zero is {@code 0s}; negative values
   * get a leading minus.
   */
  public static String format(long millis) {
    if (millis == 0) {
      return "0s";
    }
    if (millis < 0) {
      return "-" + format(-millis);
    }
    StringBuilder sb = new StringBuilder();
    long rest = millis;
    for (int u = 0; u < UNITS.length; u++) {
      boolean exactOnly = u < 2;
      if (exactOnly && rest % MILLIS[u] != 0) {
        continue;
      }
      long v = rest / MILLIS[u];
      if (v > 0) {
        sb.append(v).append(UNITS[u]);
        rest -= v * MILLIS[u];
      }
    }
    return sb.toString();
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
}
