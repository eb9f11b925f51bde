package io.argus.alertmanager.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatcherParserTest {

  private static String describe(List<Matcher> ms) {
    StringBuilder sb = new StringBuilder();
    for (Matcher m : ms) {
      sb.append(m.name()).append(' ').append(m.type()).append(" [").append(m.value()).append("]\n");
    }
    return sb.toString();
  }

  @Test
  void parseMatchers_upstreamExamples_giveTheirMatchers() {
    assertThat(describe(MatcherParser.parseMatchers("{foo = \"bar\", dings != \"bums\", }")))
        .isEqualTo("foo EQUAL [bar]\ndings NOT_EQUAL [bums]\n");
    assertThat(describe(MatcherParser.parseMatchers("foo=bar,dings!=bums")))
        .isEqualTo("foo EQUAL [bar]\ndings NOT_EQUAL [bums]\n");
    assertThat(describe(MatcherParser.parseMatchers("foo=bar, dings!=bums")))
        .isEqualTo("foo EQUAL [bar]\ndings NOT_EQUAL [bums]\n");
    assertThat(
            describe(
                MatcherParser.parseMatchers(
                    "{quote=\"She said: \\\"Hi, ladies! That's gender-neutral…\\\"\"}")))
        .isEqualTo("quote EQUAL [She said: \"Hi, ladies! That's gender-neutral…\"]\n");
    assertThat(describe(MatcherParser.parseMatchers("statuscode=~\"5..\"")))
        .isEqualTo("statuscode REGEX [5..]\n");
    assertThat(describe(MatcherParser.parseMatchers("tags=~\"^(?:a|b)$\"")))
        .isEqualTo("tags REGEX [^(?:a|b)$]\n");
    assertThat(describe(MatcherParser.parseMatchers("trickier==\\\\=\\=\\\"")))
        .isEqualTo("trickier EQUAL [=\\=\\=\"]\n");
    assertThat(
            describe(
                MatcherParser.parseMatchers(
                    "contains_quote != \"\\\"\" , contains_comma !~ \"foo,bar\" , ")))
        .isEqualTo("contains_quote NOT_EQUAL [\"]\ncontains_comma NOT_REGEX [foo,bar]\n");
    assertThat(describe(MatcherParser.parseMatchers("{foo=\"a\\nb\\\\\"}")))
        .isEqualTo("foo EQUAL [a\nb\\]\n");
    assertThat(describe(MatcherParser.parseMatchers("foo="))).isEqualTo("foo EQUAL []\n");
    assertThat(MatcherParser.parseMatchers("")).isEmpty();
    assertThat(MatcherParser.parseMatchers("{}")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "foo|bad matcher format: foo",
        "1a=b|bad matcher format: 1a=b",
        "foo=\"bar|matcher value contains unescaped double quote: \"bar",
        "foo=b\"ar|matcher value contains unescaped double quote: b\"ar",
        "a=b,,c=d|'bad matcher format: '",
        "foo=~\"(\"|error parsing regexp: missing closing ): `^(?:()$`",
      })
  void parseMatchers_badInput_failsWithUpstreamMessage(String input, String message) {
    assertThatThrownBy(() -> MatcherParser.parseMatchers(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void parseMatcher_regex_isAnchoredAndMatchesAbsentAsEmpty() {
    Matcher m = MatcherParser.parseMatcher("job=~\"api|web\"");
    assertThat(m.type()).isEqualTo(MatchType.REGEX);
    assertThat(m.matches(Labels.of("job", "api"))).isTrue();
    assertThat(m.matches(Labels.of("job", "apis"))).isFalse();
    assertThat(MatcherParser.parseMatcher("job=~\".*\"").matches(Labels.EMPTY)).isTrue();
    assertThat(MatcherParser.parseMatcher("job!=\"\"").matches(Labels.EMPTY)).isFalse();
  }

  @Test
  void format_escapesLikeOpenMetricsAndSortsLikeUpstream() {
    List<Matcher> ms =
        Matchers.sorted(
            List.of(
                Matcher.regex("b", "x"),
                Matcher.notEqual("a", "q\"\n\\"),
                Matcher.equal("b", "x"),
                Matcher.equal("a", "p")));
    assertThat(Matchers.format(ms)).isEqualTo("{a=\"p\",a!=\"q\\\"\\n\\\\\",b=\"x\",b=~\"x\"}");
  }
}
