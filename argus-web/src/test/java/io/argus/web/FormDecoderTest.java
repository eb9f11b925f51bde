package io.argus.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDecoderTest {
  @Test
  void decodeInto_repeatedNamesKeepOrder() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    FormDecoder.decodeInto("match%5B%5D=up&match[]=%7Bjob%3D%22a%22%7D&x", m);
    assertThat(m.get("match[]")).containsExactly("up", "{job=\"a\"}");
    assertThat(m.get("x")).containsExactly("");
  }

  @Test
  void decodeInto_plusIsSpaceAndUtf8Decoded() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    FormDecoder.decodeInto("query=sum+by+(job)+(up)&v=%C3%A9&&bad=%zz", m);
    assertThat(m.get("query")).containsExactly("sum by (job) (up)");
    assertThat(m.get("v")).containsExactly("é");
    assertThat(m).doesNotContainKey("bad");
  }

  @Test
  void decodeInto_malformedPairsDroppedAsGoDoes() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    FormDecoder.decodeInto("query=up&time=1%&a;b=c&step=%4&x=%41%2", m);
    assertThat(m).containsOnlyKeys("query");
    assertThat(m.get("query")).containsExactly("up");
  }

  @Test
  void unescape_rawNonAsciiMixedWithEscapesKeepsEveryCharacter() {
    String raw = "a+\u00e9%C3%A9\u20ac\ud83d\ude00%2B+z";
    assertThat(FormDecoder.unescape(raw, 0, raw.length()))
        .isEqualTo("a \u00e9\u00e9\u20ac\ud83d\ude00+ z");
    assertThat(FormDecoder.unescape("x%41y", 1, 4)).isEqualTo("A");
  }
}
