package io.argus.tsdb.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Matcher;
import org.junit.jupiter.api.Test;

class SeriesSelectorsTest {
  @Test
  void parse_promtoolDefault_matchesEverySeries() {
    assertThat(SeriesSelectors.parse("{__name__=~'(?s:.*)'}"))
        .containsExactly(Matcher.regex("__name__", "(?s:.*)"));
  }

  @Test
  void parse_nameAndMatchers_returnsThemInOrder() {
    assertThat(SeriesSelectors.parse(" up { job =~ \"a|b\", env!=`dev`, x!~'y\\'z', } "))
        .containsExactly(
            Matcher.equal("__name__", "up"),
            Matcher.regex("job", "a|b"),
            Matcher.notEqual("env", "dev"),
            Matcher.notRegex("x", "y'z"));
  }

  @Test
  void parse_escapes_decodesGoEscapes() {
    assertThat(SeriesSelectors.parse("{a=\"\\n\\\"\\u00e9\"}"))
        .containsExactly(Matcher.equal("a", "\n\"é"));
  }

  @Test
  void parse_invalid_reportsPosition() {
    assertThatThrownBy(() -> SeriesSelectors.parse("{a=\"b\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1:7: parse error");
    assertThatThrownBy(() -> SeriesSelectors.parse("{}"))
        .hasMessageContaining("at least one matcher");
    assertThatThrownBy(() -> SeriesSelectors.parse("up[5m]"))
        .hasMessageContaining("unexpected character");
  }
}
