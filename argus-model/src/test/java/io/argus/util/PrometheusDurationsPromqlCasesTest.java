package io.argus.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PrometheusDurationsPromqlCasesTest {
  @Test
  void parse_unitsInOrder() {
    assertThat(PrometheusDurations.parse("1h30m")).isEqualTo(5_400_000L);
    assertThat(PrometheusDurations.parse("1y")).isEqualTo(365L * 86_400_000L);
    assertThat(PrometheusDurations.parse("2w1d")).isEqualTo(15L * 86_400_000L);
    assertThat(PrometheusDurations.parse("1500ms")).isEqualTo(1500L);
    assertThat(PrometheusDurations.parse("1s500ms")).isEqualTo(1500L);
    assertThat(PrometheusDurations.parse("0")).isZero();
  }

  @Test
  void parse_invalid_upstreamMessages() {
    assertThatThrownBy(() -> PrometheusDurations.parse("5m1h"))
        .hasMessage("not a valid duration string: \"5m1h\"");
    assertThatThrownBy(() -> PrometheusDurations.parse("5y1hs"))
        .hasMessage("unknown unit \"hs\" in duration \"5y1hs\"");
    assertThatThrownBy(() -> PrometheusDurations.parse("")).hasMessage("empty duration string");
    assertThatThrownBy(() -> PrometheusDurations.parse("1.5h"))
        .hasMessage("unknown unit \".\" in duration \"1.5h\"");
    assertThatThrownBy(() -> PrometheusDurations.parse("300y")).hasMessage("duration out of range");
  }

  @Test
  void format_largestUnitsFirst_yearsAndWeeksOnlyWhenExact() {
    assertThat(PrometheusDurations.format(5_400_000L)).isEqualTo("1h30m");
    assertThat(PrometheusDurations.format(90L * 86_400_000L)).isEqualTo("90d");
    assertThat(PrometheusDurations.format(14L * 86_400_000L)).isEqualTo("2w");
    assertThat(PrometheusDurations.format(365L * 86_400_000L)).isEqualTo("1y");
    assertThat(PrometheusDurations.format(1500L)).isEqualTo("1s500ms");
    assertThat(PrometheusDurations.format(0)).isEqualTo("0s");
    assertThat(PrometheusDurations.format(-60_000L)).isEqualTo("-1m");
  }

  @Property(tries = 300)
  void format_thenParse_isIdentity(@ForAll @LongRange(min = 1, max = 9_000_000_000_000L) long ms) {
    assertThat(PrometheusDurations.parse(PrometheusDurations.format(ms))).isEqualTo(ms);
  }
}
