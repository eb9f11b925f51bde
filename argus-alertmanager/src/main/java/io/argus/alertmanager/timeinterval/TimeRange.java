package io.argus.alertmanager.timeinterval;

import java.util.regex.Pattern;

/**
 * A time of day range, in minutes since midnight, start inclusive and end exclusive ({@code 24:00}
 * = 1440).
 */
public record TimeRange(int startMinute, int endMinute) {
  private static final Pattern VALID =
      Pattern.compile("^(([01][0-9])|(2[0-3])):[0-5][0-9]$|^24:00$");

  /**
   * Parses {@code start_time}/{@code end_time} such as {@code 09:00} and {@code 17:30}.
   *
   * @throws IllegalArgumentException with upstream's message
   */
  public static TimeRange parse(String start, String end) {
    if (start.isEmpty() || end.isEmpty()) {
      throw new IllegalArgumentException("both start and end times must be provided");
    }
    int s = minutes(start);
    int e = minutes(end);
    if (s >= e) {
      throw new IllegalArgumentException("start time cannot be equal or greater than end time");
    }
    return new TimeRange(s, e);
  }

  private static int minutes(String in) {
    if (!VALID.matcher(in).find()) {
      throw new IllegalArgumentException("couldn't parse timestamp " + in + ", invalid format");
    }
    String[] parts = in.split(":");
    return Integer.parseInt(parts[0]) * 60 + Integer.parseInt(parts[1]);
  }

  /** Whether the minute of the day lies in the range. */
  public boolean contains(int minuteOfDay) {
    return minuteOfDay >= startMinute && minuteOfDay < endMinute;
  }
}
