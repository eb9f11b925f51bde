package io.argus.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExpositionFormatTest {
  @Test
  void negotiate_prometheusAcceptHeader_choosesOpenMetrics() {
    String accept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
            + "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    assertThat(ExpositionFormat.negotiate(accept)).isEqualTo(ExpositionFormat.OPENMETRICS);
  }

  @Test
  void negotiate_textPreferred_choosesText() {
    String accept = "text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0.5";

    assertThat(ExpositionFormat.negotiate(accept)).isEqualTo(ExpositionFormat.TEXT);
  }

  @Test
  void negotiate_missingWildcardOrGarbage_choosesText() {
    assertThat(ExpositionFormat.negotiate("")).isEqualTo(ExpositionFormat.TEXT);
    assertThat(ExpositionFormat.negotiate("*/*")).isEqualTo(ExpositionFormat.TEXT);
    assertThat(ExpositionFormat.negotiate("application/openmetrics-text;q=zero"))
        .isEqualTo(ExpositionFormat.TEXT);
  }

  @Test
  void negotiate_openMetricsOnly_choosesOpenMetrics() {
    assertThat(ExpositionFormat.negotiate("Application/OpenMetrics-Text; version=1.0.0"))
        .isEqualTo(ExpositionFormat.OPENMETRICS);
  }
}
