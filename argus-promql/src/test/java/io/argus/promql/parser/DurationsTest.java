package io.argus.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parse_unitsInOrder() {
    assertThat(Durations.parse("1h30m")).isEqualTo(5_400_000L);
    assertThat(Durations.parse("1y")).isEqualTo(365L * 86_400_000L);
    assertThat(Durations.parse("2w1d")).isEqualTo(15L * 86_400_000L);
    assertThat(Durations.parse("1500ms")).isEqualTo(1500L);
    assertThat(Durations.parse("1s500ms")).isEqualTo(1500L);
    assertThat(Durations.parse("0")).isZero();
  }

  @Test
  void parse_invalid_upstreamMessages() {
    assertThatThrownBy(() -> Durations.parse("5m1h"))
        .hasMessage("not a valid duration string: \"5m1h\"");
    assertThatThrownBy(() -> Durations.parse("5y1hs"))
        .hasMessage("unknown unit \"hs\" in duration \"5y1hs\"");
    assertThatThrownBy(() -> Durations.parse("")).hasMessage("empty duration string");
    assertThatThrownBy(() -> Durations.parse("1.5h"))
        .hasMessage("unknown unit \".\" in duration \"1.5h\"");
    assertThatThrownBy(() -> Durations.parse("300y")).hasMessage("duration out of range");
  }

  @Test
  void format_largestUnitsFirst_yearsAndWeeksOnlyWhenExact() {
    assertThat(Durations.format(5_400_000L)).isEqualTo("1h30m");
    assertThat(Durations.format(90L * 86_400_000L)).isEqualTo("90d");
    assertThat(Durations.format(14L * 86_400_000L)).isEqualTo("2w");
    assertThat(Durations.format(365L * 86_400_000L)).isEqualTo("1y");
    assertThat(Durations.format(1500L)).isEqualTo("1s500ms");
    assertThat(Durations.format(0)).isEqualTo("0s");
    assertThat(Durations.format(-60_000L)).isEqualTo("-1m");
  }

  @Property(tries = 300)
  void format_thenParse_isIdentity(@ForAll @LongRange(min = 1, max = 9_000_000_000_000L) long ms) {
    assertThat(Durations.parse(Durations.format(ms))).isEqualTo(ms);
  }
}
