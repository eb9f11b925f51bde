package io.argus.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoFmtTest {

  private static String sprintf(String format, Object... args) {
    return GoFmt.sprintf(format, Arrays.asList(args));
  }

  @Test
  void sprintf_integers_followGoFlags() {
    assertThat(
            sprintf(
                "%d|%5d|%-5d|%05d|%+d|%x|%X|%#x|%o|%b",
                42L, 42L, 42L, -42L, 42L, -255L, 255L, 255L, 8L, 5L))
        .isEqualTo("42|   42|42   |-0042|+42|-ff|FF|0xff|10|101");
  }

  @Test
  void sprintf_floats_roundHalfEvenOnExactBinaryValue() {
    assertThat(sprintf("%.2f %.1f %.0f %.3e %e", 0.125, 0.35, 2.5, 1234.5678, 0.0))
        .isEqualTo("0.12 0.3 2 1.235e+03 0.000000e+00");
  }

  @Test
  void sprintf_specialFloats() {
    assertThat(
            sprintf(
                "%f %v %.2f %g",
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0))
        .isEqualTo("NaN +Inf -Inf -0");
  }

  @Test
  void sprintf_nilAndMissingAndExtra() {
    assertThat(GoFmt.sprintf("%v %s %d", Arrays.asList(null, null)))
        .isEqualTo("<nil> %!s(<nil>) %!d(MISSING)");
    assertThat(sprintf("x", 1L)).isEqualTo("x%!(EXTRA int=1)");
  }

  @Test
  void sprintf_stringPrecisionAndQuote() {
    assertThat(sprintf("%.2s|%q|%x", "héllo", "a\"b\n", "hi")).isEqualTo("hé|\"a\\\"b\\n\"|6869");
  }

  @Test
  void formatG_precisionDecidesExponentForm() {
    assertThat(GoFmt.formatG(1234.5, 4, false)).isEqualTo("1234");
    assertThat(GoFmt.formatG(12345, 4, false)).isEqualTo("1.234e+04");
    assertThat(GoFmt.formatG(0.5, 4, false)).isEqualTo("0.5");
    assertThat(GoFmt.formatG(100, 4, false)).isEqualTo("100");
    assertThat(GoFmt.formatG(1e6, 4, false)).isEqualTo("1e+06");
    assertThat(GoFmt.formatG(0.0001234, 4, false)).isEqualTo("0.0001234");
    assertThat(GoFmt.formatG(0.00001234, 4, false)).isEqualTo("1.234e-05");
  }

  @Test
  void sprint_spacesOnlyBetweenNonStrings() {
    assertThat(GoFmt.sprint(List.of("a", 1L, 2L, "b", "c", 1.5))).isEqualTo("a1 2bc1.5");
    assertThat(GoFmt.sprintln(List.of("a", 1L))).isEqualTo("a 1\n");
  }
}
