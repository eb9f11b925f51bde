package io.argus.app.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LogfmtTest {
  static Object[][] values() {
    return new Object[][] {
      {"hello", "hello"},
      {"data/", "data/"},
      {"", ""},
      {"a b", "\"a b\""},
      {"a=b", "\"a=b\""},
      {"say \"hi\"", "\"say \\\"hi\\\"\""},
      {"back\\slash", "back\\slash"},
      {"back\\slash and space", "\"back\\\\slash and space\""},
      {"line\nbreak", "\"line\\nbreak\""},
      {"tab\there", "\"tab\\there\""},
      {"cr\r", "\"cr\\r\""},
      {"bell\u0007", "\"bell\\a\""},
      {"\u0001", "\"\\x01\""},
      {"del\u007f", "\"del\\x7f\""},
      {"grüße", "grüße"},
      {"日本", "日本"},
      {"nb\u00a0sp", "\"nb\\u00a0sp\""},
      {"ls\u2028", "\"ls\\u2028\""},
      {"emoji😀", "emoji😀"},
      {"lone\ud800", "\"lone\\ufffd\""},
    };
  }

  @ParameterizedTest
  @MethodSource("values")
  void appendValue_quotesLikeGo(String value, String expected) {
    StringBuilder out = new StringBuilder();

    Logfmt.appendValue(out, value);

    assertThat(out.toString()).isEqualTo(expected);
  }

  @Test
  void appendKey_replacesCharactersKeysCannotHold() {
    StringBuilder out = new StringBuilder();

    Logfmt.appendField(out, "a key=\"x\"", "v");
    Logfmt.appendField(out, "", "w");

    assertThat(out.toString()).isEqualTo("a_key__x_=v _=w");
  }
}
