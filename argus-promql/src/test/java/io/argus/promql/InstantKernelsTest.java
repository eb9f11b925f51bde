package io.argus.promql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class InstantKernelsTest {
  @Test
  void dateFunctions_useUtc() {
    // 2020-02-29T23:59:59Z
    double t = 1583020799;
    assertThat(InstantKernels.simple("day_of_month").applyAsDouble(t)).isEqualTo(29);
    assertThat(InstantKernels.simple("days_in_month").applyAsDouble(t)).isEqualTo(29);
    assertThat(InstantKernels.simple("month").applyAsDouble(t)).isEqualTo(2);
    assertThat(InstantKernels.simple("hour").applyAsDouble(t)).isEqualTo(23);
    assertThat(InstantKernels.simple("day_of_week").applyAsDouble(t)).isEqualTo(6);
    assertThat(InstantKernels.simple("day_of_year").applyAsDouble(t)).isEqualTo(60);
    assertThat(InstantKernels.simple("year").applyAsDouble(0)).isEqualTo(1970);
  }

  @Test
  void roundAndSgn() {
    assertThat(InstantKernels.round(2.5, 1)).isEqualTo(3);
    assertThat(InstantKernels.round(-2.5, 1)).isEqualTo(-2);
    assertThat(InstantKernels.round(5.3, 0.5)).isEqualTo(5.5);
    assertThat(InstantKernels.sgn(-3)).isEqualTo(-1);
    assertThat(InstantKernels.sgn(Double.NaN)).isNaN();
  }

  @Test
  void log2_isExactForPowersOfTwo() {
    assertThat(InstantKernels.log2(8)).isEqualTo(3);
    assertThat(InstantKernels.log2(0.25)).isEqualTo(-2);
    assertThat(InstantKernels.log2(0)).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void expand_followsGoTemplateRules() {
    var m = Pattern.compile("(?<first>a+)-(b+)").matcher("aa-bbb");
    assertThat(m.matches()).isTrue();
    assertThat(InstantKernels.expand("$1:$2", m)).isEqualTo("aa:bbb");
    assertThat(InstantKernels.expand("${first}x $1x $$", m)).isEqualTo("aax  $");
    assertThat(InstantKernels.expand("$9", m)).isEmpty();
  }
}
