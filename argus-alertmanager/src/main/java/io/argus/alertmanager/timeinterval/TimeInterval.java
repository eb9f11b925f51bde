package io.argus.alertmanager.timeinterval;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a named time interval. Every part that is set (non-null) must contain the instant;
 * within a part, any range may. An empty but set list contains nothing, as upstream. Immutable and
 * thread-safe.
 *
 * @param times times of day
 * @param weekdays 0 = Sunday … 6 = Saturday
 * @param daysOfMonth 1..31, or -31..-1 counted from the month's end
 * @param months 1 = January
 * @param years calendar years
 * @param location the zone the instant is seen in; null means the zone the caller passes
 * @param locationName the location as Go names it ({@code UTC}, {@code Local}, a tz database name);
 *     null when {@link #location} is
 */
public record TimeInterval(
    @Nullable List<TimeRange> times,
    @Nullable List<InclusiveRange> weekdays,
    @Nullable List<InclusiveRange> daysOfMonth,
    @Nullable List<InclusiveRange> months,
    @Nullable List<InclusiveRange> years,
    @Nullable ZoneId location,
    @Nullable String locationName) {

  /** An interval whose location is named by its zone id. */
  public TimeInterval(
      @Nullable List<TimeRange> times,
      @Nullable List<InclusiveRange> weekdays,
      @Nullable List<InclusiveRange> daysOfMonth,
      @Nullable List<InclusiveRange> months,
      @Nullable List<InclusiveRange> years,
      @Nullable ZoneId location) {
    this(times, weekdays, daysOfMonth, months, years, location, goLocationName(location));
  }

  private static @Nullable String goLocationName(@Nullable ZoneId zone) {
    if (zone == null) {
      return null;
    }
    return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
  }

  /** Go's name of the location {@link #loadLocation} resolves {@code name} to. */
  public static String locationName(String name) {
    return name.isEmpty() ? "UTC" : name;
  }

  /** Whether {@code instant}, seen in {@link #location} or else in {@code zone}, is inside. */
  public boolean contains(Instant instant, ZoneId zone) {
    return contains(instant.atZone(location != null ? location : zone));
  }

  /** Whether {@code t} (converted to {@link #location} when set) is inside. */
  public boolean contains(ZonedDateTime time) {
    ZonedDateTime t = location != null ? time.withZoneSameInstant(location) : time;
    if (times != null) {
      int minute = t.getHour() * 60 + t.getMinute();
      if (times.stream().noneMatch(r -> r.contains(minute))) {
        return false;
      }
    }
    if (daysOfMonth != null && !inDaysOfMonth(t)) {
      return false;
    }
    if (months != null && months.stream().noneMatch(r -> r.contains(t.getMonthValue()))) {
      return false;
    }
    if (weekdays != null) {
      int weekday = t.getDayOfWeek().getValue() % 7;
      if (weekdays.stream().noneMatch(r -> r.contains(weekday))) {
        return false;
      }
    }
    return years == null || years.stream().anyMatch(r -> r.contains(t.getYear()));
  }

  private boolean inDaysOfMonth(ZonedDateTime t) {
    int days = t.toLocalDate().lengthOfMonth();
    int day = t.getDayOfMonth();
    for (InclusiveRange r : daysOfMonth) {
      int begin = r.begin() < 0 ? days + r.begin() + 1 : r.begin();
      int end = r.end() < 0 ? days + r.end() + 1 : r.end();
      if (begin > days) {
        continue;
      }
      begin = Math.clamp(begin, -days, days);
      end = Math.clamp(end, -days, days);
      if (day >= begin && day <= end) {
        return true;
      }
    }
    return false;
  }

  /**
   * Resolves a zone name as Go's {@code time.LoadLocation}: "" and "UTC" are UTC, "Local" the
   * system zone, anything else a tz database name.
   *
   * @throws IllegalArgumentException {@code unknown time zone X}
   */
  public static ZoneId loadLocation(String name, ZoneId local) {
    if (name.isEmpty() || name.equals("UTC")) {
      return ZoneOffset.UTC;
    }
    if (name.equals("Local")) {
      return local;
    }
    Set<String> ids = ZoneId.getAvailableZoneIds();
    if (!ids.contains(name)) {
      throw new IllegalArgumentException("unknown time zone " + name);
    }
    return ZoneId.of(name);
  }
}
