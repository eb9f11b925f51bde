package io.argus.util;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFloatTest {
  @ParameterizedTest
  @CsvSource({
    "10, 10",
    "21.75, 21.75",
    "21.25, 21.25",
    "0.1, 0.1",
    "-2.5, -2.5",
    "100, 100",
    "123456, 123456",
    "999999.5, 999999.5",
    "1000000, 1e+06",
    "1234567, 1.234567e+06",
    "0.0001, 0.0001",
    "0.00001, 1e-05",
    "0.000015, 1.5e-05",
    "1e21, 1e+21",
    "1e100, 1e+100",
    "608863452348.1149, 6.088634523481149e+11",
    "9007199254740992, 9.007199254740992e+15",
    "4.9e-324, 5e-324",
    "1.7976931348623157e308, 1.7976931348623157e+308",
    "0.3333333333333333, 0.3333333333333333",
  })
  void format_matchesGoPercentG(double value, String expected) {
    assertThat(GoFloat.format(value)).isEqualTo(expected);
  }

  @Test
  void format_specialValues() {
    assertThat(GoFloat.format(Double.NaN)).isEqualTo("NaN");
    assertThat(GoFloat.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(GoFloat.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(GoFloat.format(0.0)).isEqualTo("0");
    assertThat(GoFloat.format(-0.0)).isEqualTo("-0");
  }

  @Property(tries = 500)
  void format_readsBackAsTheSameDouble(@ForAll double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return;
    }
    String s = GoFloat.format(value);
    assertThat(Double.doubleToRawLongBits(Double.parseDouble(s)))
        .as(s)
        .isEqualTo(Double.doubleToRawLongBits(value));
  }

  @ParameterizedTest
  @CsvSource({
    "1, 1",
    "1000000, 1000000",
    "1234567, 1234567",
    "0.00001, 0.00001",
    "0.000001, 0.000001",
    "0.0000009, 9e-07",
    "608863452348.1149, 608863452348.1149",
    "1e20, 100000000000000000000",
    "1e21, 1e+21",
    "-1.5e22, -1.5e+22",
    "4.9e-324, 5e-324",
  })
  void formatJson_plainBetweenOneMillionthAndTenToThe21(double value, String expected) {
    assertThat(GoFloat.formatJson(value)).isEqualTo(expected);
  }

  @Test
  void formatJson_specialValues() {
    assertThat(GoFloat.formatJson(Double.NaN)).isEqualTo("NaN");
    assertThat(GoFloat.formatJson(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(GoFloat.formatJson(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(GoFloat.formatJson(0.0)).isEqualTo("0");
  }

  @Property(tries = 500)
  void formatJson_readsBackAsTheSameDouble(@ForAll double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return;
    }
    String s = GoFloat.formatJson(value);
    assertThat(Double.doubleToRawLongBits(Double.parseDouble(s)))
        .as(s)
        .isEqualTo(Double.doubleToRawLongBits(value));
  }

  @Test
  void formatUpperExponent_alwaysUsesTheExponentFormWithACapitalE() {
    assertThat(GoFloat.formatUpperExponent(1)).isEqualTo("1E+00");
    assertThat(GoFloat.formatUpperExponent(1234.5)).isEqualTo("1.2345E+03");
    assertThat(GoFloat.formatUpperExponent(0.1)).isEqualTo("1E-01");
    assertThat(GoFloat.formatUpperExponent(123456789)).isEqualTo("1.23456789E+08");
    assertThat(GoFloat.formatUpperExponent(5e-324)).isEqualTo("5E-324");
    assertThat(GoFloat.formatUpperExponent(-2.5e21)).isEqualTo("-2.5E+21");
    assertThat(GoFloat.formatUpperExponent(0.0)).isEqualTo("0E+00");
    assertThat(GoFloat.formatUpperExponent(-0.0)).isEqualTo("-0E+00");
    assertThat(GoFloat.formatUpperExponent(Double.NaN)).isEqualTo("NaN");
    assertThat(GoFloat.formatUpperExponent(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
  }

  @Test
  void formatPlain_neverUsesTheExponentForm() {
    assertThat(GoFloat.formatPlain(1e-7)).isEqualTo("0.0000001");
    assertThat(GoFloat.formatPlain(1.5e21)).isEqualTo("1500000000000000000000");
    assertThat(GoFloat.formatPlain(-2.5)).isEqualTo("-2.5");
    assertThat(GoFloat.formatPlain(-0.0)).isEqualTo("-0");
    assertThat(GoFloat.formatPlain(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }
}
