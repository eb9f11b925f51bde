package io.argus.alertmanager.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MatcherParserPropertiesTest {

  @Provide
  Arbitrary<Matcher> matchers() {
    Arbitrary<String> names =
        Combinators.combine(
                Arbitraries.strings().withChars("abcXYZ_:").ofLength(1),
                Arbitraries.strings().withChars("abz_:09").ofMaxLength(6))
            .as((a, b) -> a + b);
    Arbitrary<MatchType> types = Arbitraries.of(MatchType.class);
    // Plain values may hold anything that needs escaping; regex values stay valid RE2.
    Arbitrary<String> plain = Arbitraries.strings().withChars("ab ,={}\"\\\n\t~!é").ofMaxLength(12);
    Arbitrary<String> regex =
        Arbitraries.of(
            "",
            "a",
            "a|b",
            ".*",
            "x.+y",
            "[a-c]+",
            "(foo|bar),baz",
            "\"q\"",
            "{}",
            "a b",
            "\\d+",
            "é|ü");
    return Combinators.combine(names, types, plain, regex)
        .as(
            (n, t, p, r) ->
                Matcher.of(t, n, t == MatchType.REGEX || t == MatchType.NOT_REGEX ? r : p));
  }

  @Provide
  Arbitrary<List<Matcher>> matcherLists() {
    return matchers().list().ofMaxSize(5);
  }

  private static boolean same(Matcher a, Matcher b) {
    return a.name().equals(b.name()) && a.type() == b.type() && a.value().equals(b.value());
  }

  @Property(tries = 500)
  void parseMatcher_ofFormattedMatcher_givesItBack(@ForAll("matchers") Matcher m) {
    Matcher back = MatcherParser.parseMatcher(Matchers.format(m));
    assertThat(same(back, m)).as(Matchers.format(m)).isTrue();
  }

  @Property(tries = 300)
  void parseMatchers_ofFormattedList_givesItBack(@ForAll("matcherLists") List<Matcher> ms) {
    List<Matcher> back = MatcherParser.parseMatchers(Matchers.format(ms));
    assertThat(back).hasSize(ms.size());
    for (int i = 0; i < ms.size(); i++) {
      assertThat(same(back.get(i), ms.get(i))).as(Matchers.format(ms)).isTrue();
    }
  }

  @Property(tries = 500)
  void parseMatchers_arbitraryInput_parsesOrFailsWithIllegalArgument(
      @ForAll("noise") String input) {
    try {
      List<Matcher> ms = MatcherParser.parseMatchers(input);
      assertThat(ms).allSatisfy(m -> assertThat(m.name()).matches("[a-zA-Z_:][a-zA-Z0-9_:]*"));
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.strings().withChars("ab=~!,{}\"\\ (|*").ofMaxLength(20);
  }
}
