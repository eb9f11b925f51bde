package io.argus.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExternalUrlsTest {
  @ParameterizedTest
  @CsvSource({
    "http://prom.example.com:9090/, http://prom.example.com:9090",
    "https://example.com/prometheus///, https://example.com/prometheus",
    "http://example.com, http://example.com",
    "http://example.com/a/b/?x=1, http://example.com/a/b?x=1",
    "prometheus/, /prometheus",
  })
  void parse_normalisesThePath(String flag, String expected) {
    assertThat(ExternalUrls.parse(flag)).isEqualTo(URI.create(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"http://example.com\"", "'http://example.com", "http://x.com'"})
  void parse_quoted_rejected(String flag) {
    assertThatThrownBy(() -> ExternalUrls.parse(flag))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("URL must not begin or end with quotes");
  }

  @Test
  void parse_invalid_rejected() {
    assertThatThrownBy(() -> ExternalUrls.parse("http://exa mple.com/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("parse \"http://exa mple.com/\": ");
  }

  @Test
  void derived_hostnameAndPort() {
    assertThat(ExternalUrls.derived("argus-1", 9090)).isEqualTo(URI.create("http://argus-1:9090"));
  }
}
