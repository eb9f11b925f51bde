package io.argus.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiParamsTest {
  @ParameterizedTest
  @CsvSource({
    "1435781451.781, 1435781451781",
    "1435781451, 1435781451000",
    "1.5, 1500",
    "-1.5, -1500",
    "0.0004, 0",
    "1e3, 1000000",
    "2015-07-01T20:10:51.781Z, 1435781451781",
    "2015-07-01T22:10:51+02:00, 1435781451000",
  })
  void parseTime_unixFloatAndRfc3339(String text, long expectedMs) {
    assertThat(ApiParams.parseTime(text)).isEqualTo(expectedMs);
  }

  @Test
  void minAndMaxTime_matchUpstream() {
    assertThat(ApiParams.MIN_TIME_MS).isEqualTo(-9223309901257974000L);
    assertThat(ApiParams.MAX_TIME_MS).isEqualTo(9223309901257974999L);
    assertThat(ApiParams.parseTime("-292273086-05-16T16:47:06Z")).isEqualTo(ApiParams.MIN_TIME_MS);
    assertThat(ApiParams.parseTime("292277025-08-18T07:12:54.999999999Z"))
        .isEqualTo(ApiParams.MAX_TIME_MS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "1d", " 1", "2015-07-01", ""})
  void parseTime_rejectsWithUpstreamMessage(String text) {
    assertThatThrownBy(() -> ApiParams.parseTime(text))
        .hasMessage("cannot parse \"" + text + "\" to a valid timestamp");
  }

  @Test
  void timeParam_wrapsMessagesAsUpstream() {
    assertThatThrownBy(() -> ApiParams.timeParam("x", "time", 0))
        .isInstanceOf(ApiException.class)
        .hasMessage(
            "invalid parameter \"time\": invalid time value for 'time': cannot parse \"x\" to a"
                + " valid timestamp");
    assertThat(ApiParams.timeParam("", "start", 42)).isEqualTo(42);
    assertThatThrownBy(() -> ApiParams.requiredTime("", "start"))
        .hasMessage("invalid parameter \"start\": cannot parse \"\" to a valid timestamp");
  }

  @ParameterizedTest
  @CsvSource({
    "15, 15000000000",
    "0.5, 500000000",
    "-1, -1000000000",
    "1m30s, 90000000000",
    "5m, 300000000000",
    "100ms, 100000000",
  })
  void parseDurationNanos_floatSecondsAndPrometheusDurations(String text, long nanos) {
    assertThat(ApiParams.parseDurationNanos(text)).isEqualTo(nanos);
  }

  @Test
  void parseDurationNanos_errors() {
    assertThatThrownBy(() -> ApiParams.parseDurationNanos("1x"))
        .hasMessage("cannot parse \"1x\" to a valid duration");
    assertThatThrownBy(() -> ApiParams.parseDurationNanos("1e300"))
        .hasMessage("cannot parse \"1e300\" to a valid duration. It overflows int64");
  }

  @Test
  void limitParam_upstreamErrors() {
    assertThat(ApiParams.limitParam("")).isZero();
    assertThat(ApiParams.limitParam("7")).isEqualTo(7);
    assertThatThrownBy(() -> ApiParams.limitParam("abc"))
        .hasMessage("invalid parameter \"limit\": strconv.Atoi: parsing \"abc\": invalid syntax");
    assertThatThrownBy(() -> ApiParams.limitParam("-1"))
        .hasMessage("invalid parameter \"limit\": limit must be non-negative");
  }
}
