package io.argus.app.cli;

/**
 * Prometheus' duration syntax, as used by flags such as {@code --storage.tsdb.retention.time} and
 * by configuration files: one or more {@code <integer><unit>} terms with units {@code y} (365
 * days), {@code w}, {@code d}, {@code h}, {@code m}, {@code s} and {@code ms}, each at most once
 * and from the largest to the smallest ({@code 1h30m}, {@code 2w3d}), or the bare {@code 0}.
 * Durations are non-negative and, as upstream, must fit in 2<sup>63</sup>-1 nanoseconds (about
 * 292 years). Stateless and thread-safe.
 */
public final class PrometheusDuration {
  private static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;
  /** Units from largest to smallest; the index is the required order. */
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] UNIT_MILLIS = {
    365 * MILLIS_PER_DAY, 7 * MILLIS_PER_DAY, MILLIS_PER_DAY, 60L * 60 * 1000, 60L * 1000, 1000, 1
  };
  private static final long NANOS_PER_MILLI = 1_000_000;
  /** 2^63 as an unsigned value. */
  private static final long TWO_TO_63 = Long.MIN_VALUE;

  private PrometheusDuration() {}

  /**
   * Parses a duration and returns it in milliseconds.
   *
   * @throws IllegalArgumentException with Prometheus' wording when the text is empty, malformed,
   *     has an unknown unit, or is out of range
   */
  public static long parseMillis(String text) {
    if (text.equals("0")) {
      return 0;
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    long totalNanos = 0;
    int nextUnitIndex = 0;
    int pos = 0;
    while (pos < text.length()) {
      int digitsStart = pos;
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        pos++;
      }
      if (pos == digitsStart) {
        throw invalid(text);
      }
      long amount;
      try {
        amount = Long.parseUnsignedLong(text, digitsStart, pos, 10);
      } catch (NumberFormatException e) {
        throw invalid(text);
      }
      int unitStart = pos;
      while (pos < text.length() && !isDigit(text.charAt(pos))) {
        pos++;
      }
      if (pos == unitStart) {
        throw invalid(text);
      }
      String unit = text.substring(unitStart, pos);
      int unitIndex = unitIndex(unit);
      if (unitIndex < 0) {
        throw new IllegalArgumentException(
            "unknown unit \"%s\" in duration \"%s\"".formatted(unit, text));
      }
      if (unitIndex < nextUnitIndex) {
        throw invalid(text);
      }
      nextUnitIndex = unitIndex + 1;
      long unitNanos = UNIT_MILLIS[unitIndex] * NANOS_PER_MILLI;
      if (Long.compareUnsigned(amount, Long.divideUnsigned(TWO_TO_63, unitNanos)) > 0) {
        throw outOfRange();
      }
      totalNanos += amount * unitNanos;
      if (totalNanos < 0) {
        throw outOfRange();
      }
    }
    return totalNanos / NANOS_PER_MILLI;
  }

  /**
   * Formats milliseconds the way Prometheus prints durations: {@code 0s} for zero, otherwise the
   * largest units first ({@code 1h30m}, {@code 15d}); years and weeks only when they divide the
   * duration exactly, so 90 days prints as {@code 90d}, not {@code 12w6d}.
   *
   * @throws IllegalArgumentException if {@code millis} is negative
   */
  public static String format(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("negative duration: " + millis + "ms");
    }
    if (millis == 0) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long rest = millis;
    for (int i = 0; i < UNITS.length; i++) {
      long unit = UNIT_MILLIS[i];
      boolean onlyIfExact = i < 2;
      if (onlyIfExact && rest % unit != 0) {
        continue;
      }
      long count = rest / unit;
      if (count > 0) {
        text.append(count).append(UNITS[i]);
        rest -= count * unit;
      }
    }
    return text.toString();
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
    return new IllegalArgumentException("not a valid duration string: \"%s\"".formatted(text));
  }

  private static IllegalArgumentException outOfRange() {
    return new IllegalArgumentException("duration out of range");
  }
}
