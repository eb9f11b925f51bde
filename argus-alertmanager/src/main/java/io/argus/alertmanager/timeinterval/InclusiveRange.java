package io.argus.alertmanager.timeinterval;

import java.util.Locale;

/**
 * An inclusive range {@code begin..end} of weekdays (0 = Sunday), days of the month (negative: from
 * the end, -1 = last day), months (1 = January) or years.
 */
public record InclusiveRange(int begin, int end) {
  private static final String[] WEEKDAYS = {
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"
  };
  private static final String[] MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december"
  };

  /** Whether {@code v} lies in the range. */
  public boolean contains(int v) {
    return v >= begin && v <= end;
  }

  private interface Member {
    int parse(String s);
  }

  private static InclusiveRange parseRange(String in, Member member) {
    String s = in.toLowerCase(Locale.ROOT);
    if (s.indexOf(':') >= 0) {
      String[] parts = s.split(":", -1);
      if (parts.length != 2) {
        throw new IllegalArgumentException("couldn't parse range " + s + ", invalid format");
      }
      return new InclusiveRange(member.parse(parts[0]), member.parse(parts[1]));
    }
    int v = member.parse(s);
    return new InclusiveRange(v, v);
  }

  /**
   * Parses a weekday range such as {@code monday:friday} or {@code saturday}.
   *
   * @throws IllegalArgumentException with upstream's message
   */
  public static InclusiveRange weekdays(String in) {
    InclusiveRange r =
        parseRange(
            in,
            s -> {
              int i = indexOf(WEEKDAYS, s);
              if (i < 0) {
                throw new IllegalArgumentException(s + " is not a valid weekday");
              }
              return i;
            });
    if (r.begin > r.end) {
      throw new IllegalArgumentException("start day cannot be before end day");
    }
    if (r.begin < 0 || r.begin > 6 || r.end < 0 || r.end > 6) {
      throw new IllegalArgumentException(in + " is not a valid day of the week: out of range");
    }
    return r;
  }

  /**
   * Parses a day-of-month range such as {@code 1:5} or {@code -3:-1}.
   *
   * @throws IllegalArgumentException with upstream's message
   */
  public static InclusiveRange daysOfMonth(String in) {
    InclusiveRange r = parseRange(in, InclusiveRange::atoi);
    if (r.begin == 0 || r.begin < -31 || r.begin > 31) {
      throw new IllegalArgumentException(
          r.begin + " is not a valid day of the month: out of range");
    }
    if (r.end == 0 || r.end < -31 || r.end > 31) {
      throw new IllegalArgumentException(r.end + " is not a valid day of the month: out of range");
    }
    if (r.begin < 0 && r.end > 0) {
      throw new IllegalArgumentException("end day must be negative if start day is negative");
    }
    int checkBegin = r.begin < 0 ? 28 + r.begin : r.begin;
    int checkEnd = r.end < 0 ? 28 + r.end : r.end;
    if (checkBegin > checkEnd) {
      throw new IllegalArgumentException(
          "end day " + r.end + " is always before start day " + r.begin);
    }
    return r;
  }

  /**
   * Parses a month range such as {@code january:march} or {@code 1:3}.
   *
   * @throws IllegalArgumentException with upstream's message
   */
  public static InclusiveRange months(String in) {
    InclusiveRange r =
        parseRange(
            in,
            s -> {
              int i = indexOf(MONTHS, s);
              if (i >= 0) {
                return i + 1;
              }
              try {
                return atoi(s);
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(s + " is not a valid month");
              }
            });
    if (r.begin > r.end) {
      throw new IllegalArgumentException(
          "end month " + monthName(r.end) + " is before start month " + monthName(r.begin));
    }
    return r;
  }

  /**
   * Parses a year range such as {@code 2020:2022}.
   *
   * @throws IllegalArgumentException with upstream's message
   */
  public static InclusiveRange years(String in) {
    InclusiveRange r = parseRange(in, InclusiveRange::atoi);
    if (r.begin > r.end) {
      throw new IllegalArgumentException("end year " + r.end + " is before start year " + r.begin);
    }
    return r;
  }

  private static String monthName(int m) {
    return m >= 1 && m <= 12 ? MONTHS[m - 1] : "";
  }

  private static int indexOf(String[] names, String s) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(s)) {
        return i;
      }
    }
    return -1;
  }

  /** Go's {@code strconv.Atoi} with its error text. */
  static int atoi(String s) {
    String digits = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("strconv.Atoi: parsing \"" + s + "\": invalid syntax");
    }
    try {
      return Math.toIntExact(Long.parseLong(s.startsWith("+") ? digits : s));
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("strconv.Atoi: parsing \"" + s + "\": value out of range");
    }
  }
}
