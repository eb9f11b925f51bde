package io.argus.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListenAddressTest {
  @ParameterizedTest
  @CsvSource({
    "0.0.0.0:9090, 0.0.0.0, 9090",
    "127.0.0.1:0, 127.0.0.1, 0",
    "localhost:8080, localhost, 8080",
    "[::1]:9090, ::1, 9090",
  })
  void parse_hostAndPort(String text, String host, int port) {
    ListenAddress address = ListenAddress.parse(text);

    assertThat(address).isEqualTo(new ListenAddress(host, port));
    assertThat(address.toString()).isEqualTo(text);
  }

  @Test
  void parse_emptyHostMeansEveryInterface() {
    assertThat(ListenAddress.parse(":9090")).isEqualTo(new ListenAddress(null, 9090));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "localhost| address localhost: missing port in address",
        "::1:9090| address ::1:9090: too many colons in address",
        "host:http| address host:http: invalid port",
        "host:65536| address host:65536: invalid port",
      })
  void parse_rejectsMalformedAddresses(String text, String message) {
    assertThatThrownBy(() -> ListenAddress.parse(text)).hasMessage(message);
  }
}
