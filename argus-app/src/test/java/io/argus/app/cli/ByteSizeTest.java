package io.argus.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {
  @ParameterizedTest(name = "{0} = {1} bytes")
  @CsvSource({
    "0, 0",
    "100B, 100",
    "1KB, 1024",
    "1KiB, 1024",
    "1.5KB, 1536",
    "512MB, 536870912",
    "1GB, 1073741824",
    "1GB512MB, 1610612736",
    "2TB, 2199023255552",
    "7EB, 8070450532247928832",
  })
  void parseBytes_validSizes(String text, long bytes) {
    assertThat(ByteSize.parseBytes(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "MB", "5XB", "1.2.3GB", "8EB", "-1GB", "1 GB"})
  void parseBytes_invalidSizes(String text) {
    assertThatThrownBy(() -> ByteSize.parseBytes(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"");
  }
}
