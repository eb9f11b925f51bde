package io.argus.alertmanager.timeinterval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeIntervalTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static ZonedDateTime utc(String iso) {
    return ZonedDateTime.ofInstant(Instant.parse(iso), ZoneOffset.UTC);
  }

  private static TimeInterval days(String... ranges) {
    return new TimeInterval(
        null,
        null,
        List.of(ranges).stream().map(InclusiveRange::daysOfMonth).toList(),
        null,
        null,
        null);
  }

  @Test
  void contains_businessHoursInBerlin_convertsTheInstantToTheLocation() {
    TimeInterval business =
        new TimeInterval(
            List.of(TimeRange.parse("09:00", "17:00")),
            List.of(InclusiveRange.weekdays("monday:friday")),
            null,
            null,
            null,
            BERLIN);

    assertThat(business.contains(utc("2024-03-04T08:30:00Z"))).isTrue(); // Mon 09:30 CET
    assertThat(business.contains(utc("2024-03-04T07:59:00Z"))).isFalse(); // Mon 08:59 CET
    assertThat(business.contains(utc("2024-03-04T15:59:00Z"))).isTrue(); // Mon 16:59 CET
    assertThat(business.contains(utc("2024-03-04T16:00:00Z"))).isFalse(); // end is exclusive
    assertThat(business.contains(utc("2024-03-09T10:00:00Z"))).isFalse(); // Saturday
    assertThat(business.contains(utc("2024-07-01T07:30:00Z"))).isTrue(); // Mon 09:30 CEST
  }

  @Test
  void contains_withoutLocation_usesTheCallersZone() {
    TimeInterval morning =
        new TimeInterval(List.of(TimeRange.parse("06:00", "07:00")), null, null, null, null, null);
    Instant at = Instant.parse("2024-01-10T05:30:00Z");

    assertThat(morning.contains(at, ZoneOffset.UTC)).isFalse();
    assertThat(morning.contains(at, BERLIN)).isTrue();
  }

  @Test
  void contains_negativeDaysOfMonth_countFromTheMonthsEnd() {
    TimeInterval last = days("-1");
    assertThat(last.contains(utc("2024-02-29T12:00:00Z"))).isTrue();
    assertThat(last.contains(utc("2024-02-28T12:00:00Z"))).isFalse();
    assertThat(last.contains(utc("2023-02-28T12:00:00Z"))).isTrue();
    assertThat(last.contains(utc("2024-04-30T12:00:00Z"))).isTrue();

    TimeInterval lastThree = days("-3:-1");
    assertThat(lastThree.contains(utc("2024-04-28T00:00:00Z"))).isTrue();
    assertThat(lastThree.contains(utc("2024-04-27T23:59:00Z"))).isFalse();
    assertThat(lastThree.contains(utc("2024-01-29T00:00:00Z"))).isTrue();
  }

  @Test
  void contains_daysBeyondTheMonth_areSkippedOrClamped() {
    assertThat(days("31").contains(utc("2024-02-29T00:00:00Z"))).isFalse();
    assertThat(days("25:31").contains(utc("2024-02-29T00:00:00Z"))).isTrue();
    assertThat(days("1:-1").contains(utc("2024-02-15T00:00:00Z"))).isTrue();
    assertThat(days("1:5", "-3:-1").contains(utc("2024-05-10T00:00:00Z"))).isFalse();
    assertThat(days("1:5", "-3:-1").contains(utc("2024-05-03T00:00:00Z"))).isTrue();
  }

  @Test
  void contains_monthsYearsAndMidnightEnd() {
    TimeInterval winterNights =
        new TimeInterval(
            List.of(TimeRange.parse("22:00", "24:00")),
            null,
            null,
            List.of(InclusiveRange.months("december"), InclusiveRange.months("january:february")),
            List.of(InclusiveRange.years("2023:2024")),
            ZoneOffset.UTC);

    assertThat(winterNights.contains(utc("2024-01-15T23:59:00Z"))).isTrue();
    assertThat(winterNights.contains(utc("2024-12-31T22:00:00Z"))).isTrue();
    assertThat(winterNights.contains(utc("2024-03-01T23:00:00Z"))).isFalse();
    assertThat(winterNights.contains(utc("2025-01-15T23:00:00Z"))).isFalse();
    assertThat(winterNights.contains(utc("2024-01-15T21:59:00Z"))).isFalse();
  }

  @Test
  void contains_emptyButSetList_containsNothing_unsetListContainsEverything() {
    TimeInterval emptyTimes = new TimeInterval(List.of(), null, null, null, null, null);
    TimeInterval nothingSet = new TimeInterval(null, null, null, null, null, null);

    assertThat(emptyTimes.contains(utc("2024-01-01T00:00:00Z"))).isFalse();
    assertThat(nothingSet.contains(utc("2024-01-01T00:00:00Z"))).isTrue();
  }

  @Test
  void parse_rangesAreCaseInsensitiveAndNumericMonthsWork() {
    assertThat(InclusiveRange.weekdays("Monday:FRIDAY")).isEqualTo(new InclusiveRange(1, 5));
    assertThat(InclusiveRange.weekdays("sunday:saturday")).isEqualTo(new InclusiveRange(0, 6));
    assertThat(InclusiveRange.months("3:5")).isEqualTo(new InclusiveRange(3, 5));
    assertThat(InclusiveRange.months("March")).isEqualTo(new InclusiveRange(3, 3));
    assertThat(InclusiveRange.daysOfMonth("-7:-1")).isEqualTo(new InclusiveRange(-7, -1));
    assertThat(TimeRange.parse("00:00", "24:00")).isEqualTo(new TimeRange(0, 1440));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "weekdays|funday|funday is not a valid weekday",
        "weekdays|saturday:sunday|start day cannot be before end day",
        "weekdays|mon:tue:wed|couldn't parse range mon:tue:wed, invalid format",
        "days|0|0 is not a valid day of the month: out of range",
        "days|1:32|32 is not a valid day of the month: out of range",
        "days|-5:3|end day must be negative if start day is negative",
        "days|10:2|end day 2 is always before start day 10",
        "days|x|strconv.Atoi: parsing \"x\": invalid syntax",
        "months|march:january|end month january is before start month march",
        "months|smarch|smarch is not a valid month",
        "years|2030:2020|end year 2020 is before start year 2030",
      })
  void parse_badRange_failsWithUpstreamMessage(String kind, String input, String message) {
    assertThatThrownBy(
            () -> {
              switch (kind) {
                case "weekdays" -> InclusiveRange.weekdays(input);
                case "days" -> InclusiveRange.daysOfMonth(input);
                case "months" -> InclusiveRange.months(input);
                default -> InclusiveRange.years(input);
              }
            })
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "9:00|10:00|couldn't parse timestamp 9:00, invalid format",
        "10:00|24:01|couldn't parse timestamp 24:01, invalid format",
        "10:00|10:00|start time cannot be equal or greater than end time",
        "''|10:00|both start and end times must be provided",
      })
  void parse_badTimeRange_failsWithUpstreamMessage(String start, String end, String message) {
    assertThatThrownBy(() -> TimeRange.parse(start, end))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void loadLocation_goNames() {
    assertThat(TimeInterval.loadLocation("", BERLIN)).isEqualTo(ZoneOffset.UTC);
    assertThat(TimeInterval.loadLocation("UTC", BERLIN)).isEqualTo(ZoneOffset.UTC);
    assertThat(TimeInterval.loadLocation("Local", BERLIN)).isEqualTo(BERLIN);
    assertThat(TimeInterval.loadLocation("Asia/Tokyo", BERLIN)).isEqualTo(ZoneId.of("Asia/Tokyo"));
    assertThatThrownBy(() -> TimeInterval.loadLocation("+02:00", BERLIN))
        .hasMessage("unknown time zone +02:00");
  }
}
