package io.argus.web.api;

import io.argus.util.PrometheusDurations;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Parses the API's parameter values with Prometheus' rules and error texts. Times are Unix ms,
 * durations nanoseconds. Not instantiable; thread-safe.
 */
public final class ApiParams {
  /**
   * The default start of optional time ranges, in ms: upstream's {@code MinTime}, {@code
   * time.Unix(math.MinInt64/1000+62135596801, 0)}.
   */
  public static final long MIN_TIME_MS = (Long.MIN_VALUE / 1000 + 62135596801L) * 1000;

  /** The default end of optional time ranges, in ms: upstream's {@code MaxTime}. */
  public static final long MAX_TIME_MS = (Long.MAX_VALUE / 1000 - 62135596801L) * 1000 + 999;

  /** How Go's RFC 3339 formatter prints {@link #MIN_TIME_MS}; clients send it back. */
  static final String MIN_TIME_FORMATTED = "-292273086-05-16T16:47:06Z";

  /** How Go's RFC 3339 formatter prints {@link #MAX_TIME_MS}. */
  static final String MAX_TIME_FORMATTED = "292277025-08-18T07:12:54.999999999Z";

  private static final Pattern GO_FLOAT =
      Pattern.compile(
          "[+-]?(?:(?i:inf|infinity|nan)|(?:[0-9](?:_?[0-9])*\\.?(?:[0-9](?:_?[0-9])*)?"
              + "|\\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9]+)?)");

  private ApiParams() {}

  /**
   * Parses a time: Unix seconds as a float (rounded to ms) or RFC 3339 with optional fraction.
   *
   * @throws IllegalArgumentException {@code cannot parse "<s>" to a valid timestamp}
   */
  public static long parseTime(String s) {
    Double f = parseGoFloat(s);
    if (f != null) {
      double secs = f;
      double whole = secs < 0 ? Math.ceil(secs) : Math.floor(secs);
      double frac = Math.round((secs - whole) * 1000) / 1000.0;
      return Math.addExact(Math.multiplyExact(saturate(whole), 1000L), (long) (frac * 1000));
    }
    try {
      OffsetDateTime t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      long secs = t.toEpochSecond();
      return secs * 1000 + t.getNano() / 1_000_000;
    } catch (DateTimeParseException | ArithmeticException e) {
      // fall through to the boundary strings
    }
    if (s.equals(MIN_TIME_FORMATTED)) {
      return MIN_TIME_MS;
    }
    if (s.equals(MAX_TIME_FORMATTED)) {
      return MAX_TIME_MS;
    }
    throw new IllegalArgumentException("cannot parse \"" + s + "\" to a valid timestamp");
  }

  /**
   * Parses an optional time parameter; {@code defaultMs} when empty.
   *
   * @throws ApiException {@code invalid parameter "<name>": invalid time value for '<name>': ...}
   */
  public static long timeParam(String value, String name, long defaultMs) {
    if (value.isEmpty()) {
      return defaultMs;
    }
    try {
      return parseTime(value);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw ApiException.invalidParam(
          name, "invalid time value for '" + name + "': " + timeError(value));
    }
  }

  /**
   * Parses a required time parameter (query_range's start and end).
   *
   * @throws ApiException {@code invalid parameter "<name>": cannot parse ...}
   */
  public static long requiredTime(String value, String name) {
    try {
      return parseTime(value);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw ApiException.invalidParam(name, timeError(value));
    }
  }

  private static String timeError(String value) {
    return "cannot parse \"" + value + "\" to a valid timestamp";
  }

  /**
   * Parses a duration: float seconds or a Prometheus duration ({@code 1m30s}). Float seconds may be
   * zero or negative.
   *
   * @return the duration in nanoseconds
   * @throws IllegalArgumentException {@code cannot parse "<s>" to a valid duration}
   */
  public static long parseDurationNanos(String s) {
    Double f = parseGoFloat(s);
    if (f != null) {
      double ns = f * 1e9;
      if (ns >= 0x1p63 || ns < -0x1p63 || Double.isNaN(ns)) {
        throw new IllegalArgumentException(
            "cannot parse \"" + s + "\" to a valid duration. It overflows int64");
      }
      return (long) ns;
    }
    try {
      return Math.multiplyExact(PrometheusDurations.parse(s), 1_000_000L);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException("cannot parse \"" + s + "\" to a valid duration");
    }
  }

  /**
   * Parses {@code limit}: empty is 0 (no limit).
   *
   * @throws ApiException {@code invalid parameter "limit": ...} for non-integers and negatives
   */
  public static int limitParam(String value) {
    if (value.isEmpty()) {
      return 0;
    }
    int limit;
    try {
      limit = Integer.parseInt(value.startsWith("+") ? value.substring(1) : value);
    } catch (NumberFormatException e) {
      String why = value.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax";
      throw ApiException.invalidParam("limit", "strconv.Atoi: parsing \"" + value + "\": " + why);
    }
    if (limit < 0) {
      throw ApiException.invalidParam("limit", "limit must be non-negative");
    }
    return limit;
  }

  /** Parses {@code s} as Go's {@code strconv.ParseFloat} would (decimal forms), or null. */
  static Double parseGoFloat(String s) {
    if (!GO_FLOAT.matcher(s).matches()) {
      return null;
    }
    String plain = s.replace("_", "");
    String lower = plain.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith("inf") || lower.endsWith("infinity")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.endsWith("nan")) {
      return Double.NaN;
    }
    return Double.parseDouble(plain);
  }

  private static long saturate(double v) {
    if (v >= 0x1p63) {
      return Long.MAX_VALUE;
    }
    if (v < -0x1p63 || Double.isNaN(v)) {
      return Long.MIN_VALUE;
    }
    return (long) v;
  }
}
