package io.argus.util;

/**
 * Formats spans of time as Go's {@code time.Duration.String} prints them, which is how promtool
 * words times in its messages ({@code 2h0m0s}, {@code 2m16.001s}, {@code 1.5s}, {@code 250ms},
 * {@code 0s}). Stateless and thread-safe.
 */
public final class GoDuration {
  private GoDuration() {}

  /** Formats a span of {@code millis} milliseconds. */
  public static String format(long millis) {
    if (millis == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    // Math.abs(Long.MIN_VALUE) stays negative; no caller has spans that long.
    long abs = Math.abs(millis);
    if (millis < 0) {
      sb.append('-');
    }
    if (abs < 1000) {
      return sb.append(abs).append("ms").toString();
    }
    long totalSeconds = abs / 1000;
    long fractionMillis = abs % 1000;
    long hours = totalSeconds / 3600;
    long minutes = (totalSeconds / 60) % 60;
    long seconds = totalSeconds % 60;
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      sb.append(minutes).append('m');
    }
    sb.append(seconds);
    if (fractionMillis != 0) {
      String fraction = String.format("%03d", fractionMillis);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(fraction, 0, end);
    }
    return sb.append('s').toString();
  }
}
