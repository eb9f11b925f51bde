package io.argus.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusDurationsFlagCasesTest {
  private static final long S = 1000;
  private static final long M = 60 * S;
  private static final long H = 60 * M;
  private static final long D = 24 * H;

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({
    "0, 0",
    "0s, 0",
    "1ms, 1",
    "5m, 300000",
    "1h, 3600000",
    "1h30m, 5400000",
    "2h30m, 9000000",
    "1d, 86400000",
    "15d, 1296000000",
    "2w, 1209600000",
    "1y, 31536000000",
    "1s500ms, 1500",
    "1y2w3d4h5m6s7ms, 33019506007",
    "1h0m, 3600000",
    "292y, 9208512000000",
  })
  void parseMillis_validDurations(String text, long millis) {
    assertThat(PrometheusDurations.parse(text)).isEqualTo(millis);
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''| empty duration string",
        "1| not a valid duration string: \"1\"",
        "d| not a valid duration string: \"d\"",
        "-1d| not a valid duration string: \"-1d\"",
        "' 1d'| not a valid duration string: \" 1d\"",
        "1m1h| not a valid duration string: \"1m1h\"",
        "1d1d| not a valid duration string: \"1d1d\"",
        "1hh| unknown unit \"hh\" in duration \"1hh\"",
        "1.5h| unknown unit \".\" in duration \"1.5h\"",
        "5x| unknown unit \"x\" in duration \"5x\"",
        "1D| unknown unit \"D\" in duration \"1D\"",
        "293y| duration out of range",
        "300y1d| duration out of range",
        "99999999999999999999s| not a valid duration string: \"99999999999999999999s\"",
      })
  void parseMillis_invalidDurations(String text, String message) {
    assertThatThrownBy(() -> PrometheusDurations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0} ms = {1}")
  @CsvSource({
    "0, 0s",
    "1, 1ms",
    "1500, 1s500ms",
    "5400000, 1h30m",
    "1296000000, 15d",
    "1209600000, 2w",
    "7776000000, 90d",
    "31536000000, 1y",
    "31622400000, 366d",
  })
  void format_printsLargestUnitsFirst(long millis, String text) {
    assertThat(PrometheusDurations.format(millis)).isEqualTo(text);
  }

  @Property
  void format_parsesBackToTheSameDuration(
      @ForAll @LongRange(min = 0, max = 100 * 365 * D) long ms) {
    assertThat(PrometheusDurations.parse(PrometheusDurations.format(ms))).isEqualTo(ms);
  }
}
