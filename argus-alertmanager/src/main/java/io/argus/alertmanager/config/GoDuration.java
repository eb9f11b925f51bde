package io.argus.alertmanager.config;

import java.math.BigDecimal;

/** Go's {@code time.ParseDuration} syntax ({@code 1h30m}, {@code 1.5s}, {@code 300ms}). */
final class GoDuration {
  private GoDuration() {}

  /**
   * Parses into milliseconds (sub-millisecond parts truncated).
   *
   * @throws IllegalArgumentException with Go's message, e.g. {@code time: invalid duration "x"}
   */
  static long parseMillis(String s) {
    String orig = s;
    String rest = s;
    boolean neg = false;
    if (!rest.isEmpty() && (rest.charAt(0) == '-' || rest.charAt(0) == '+')) {
      neg = rest.charAt(0) == '-';
      rest = rest.substring(1);
    }
    if (rest.equals("0")) {
      return 0;
    }
    if (rest.isEmpty()) {
      throw invalid(orig);
    }
    BigDecimal nanos = BigDecimal.ZERO;
    while (!rest.isEmpty()) {
      int i = 0;
      while (i < rest.length() && (Character.isDigit(rest.charAt(i)) || rest.charAt(i) == '.')) {
        i++;
      }
      String num = rest.substring(0, i);
      if (num.isEmpty() || num.equals(".") || num.indexOf('.') != num.lastIndexOf('.')) {
        throw invalid(orig);
      }
      rest = rest.substring(i);
      int j = 0;
      while (j < rest.length() && rest.charAt(j) != '.' && !Character.isDigit(rest.charAt(j))) {
        j++;
      }
      String unit = rest.substring(0, j);
      rest = rest.substring(j);
      if (unit.isEmpty()) {
        throw new IllegalArgumentException(
            "time: missing unit in duration " + GoStrings.quote(orig));
      }
      long mult =
          switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default ->
                throw new IllegalArgumentException(
                    "time: unknown unit "
                        + GoStrings.quote(unit)
                        + " in duration "
                        + GoStrings.quote(orig));
          };
      nanos =
          nanos.add(
              new BigDecimal(num.endsWith(".") ? num + "0" : num)
                  .multiply(BigDecimal.valueOf(mult)));
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw invalid(orig);
    }
    long ms = nanos.longValue() / 1_000_000L;
    return neg ? -ms : ms;
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException("time: invalid duration " + GoStrings.quote(s));
  }
}
