package io.argus.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrometheusDurationsTest {
  @Test
  void parse_acceptsUpstreamSyntax() {
    assertThat(PrometheusDurations.parse("0")).isZero();
    assertThat(PrometheusDurations.parse("1h30m")).isEqualTo(5_400_000);
    assertThat(PrometheusDurations.parse("1y2w3d4h5m6s7ms"))
        .isEqualTo(((365 + 14 + 3) * 24L * 3600 + 4 * 3600 + 5 * 60 + 6) * 1000 + 7);
    assertThat(PrometheusDurations.parse("15s")).isEqualTo(15_000);
  }

  @Test
  void parse_rejectsWithUpstreamWording() {
    assertThatThrownBy(() -> PrometheusDurations.parse("1x"))
        .hasMessage("unknown unit \"x\" in duration \"1x\"");
    assertThatThrownBy(() -> PrometheusDurations.parse("1m1h"))
        .hasMessage("not a valid duration string: \"1m1h\"");
    assertThatThrownBy(() -> PrometheusDurations.parse("-1s"))
        .hasMessage("not a valid duration string: \"-1s\"");
    assertThatThrownBy(() -> PrometheusDurations.parse("10"))
        .hasMessage("not a valid duration string: \"10\"");
    assertThatThrownBy(() -> PrometheusDurations.parse("")).hasMessage("empty duration string");
    assertThatThrownBy(() -> PrometheusDurations.parse("300y")).hasMessage("duration out of range");
  }

  @Test
  void format_printsLargestUnitsFirst() {
    assertThat(PrometheusDurations.format(0)).isEqualTo("0s");
    assertThat(PrometheusDurations.format(5_400_000)).isEqualTo("1h30m");
    assertThat(PrometheusDurations.format(90L * 24 * 3600 * 1000)).isEqualTo("90d");
    assertThat(PrometheusDurations.format(14L * 24 * 3600 * 1000)).isEqualTo("2w");
    assertThat(PrometheusDurations.format(1500)).isEqualTo("1s500ms");
  }

  @Test
  void byteSizes_parseAndFormat() {
    assertThat(ByteSizes.parse("10MB")).isEqualTo(10L << 20);
    assertThat(ByteSizes.parse("1KiB")).isEqualTo(1024);
    assertThat(ByteSizes.parse("0")).isZero();
    assertThat(ByteSizes.format(10L << 20)).isEqualTo("10MB");
    assertThat(ByteSizes.format(0)).isEqualTo("0B");
    assertThatThrownBy(() -> ByteSizes.parse("10XB")).hasMessage("units: unknown unit XB in 10XB");
  }
}
