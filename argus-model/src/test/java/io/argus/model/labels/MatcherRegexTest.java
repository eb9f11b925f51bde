package io.argus.model.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatcherRegexTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "(?=a)b      | invalid or unsupported Perl syntax: `(?=`",
        "(?!a)b      | invalid or unsupported Perl syntax: `(?!`",
        "(?<=a)b     | invalid or unsupported Perl syntax: `(?<=`",
        "(?<!a)b     | invalid or unsupported Perl syntax: `(?<!`",
        "(?>a)       | invalid or unsupported Perl syntax: `(?>`",
        "(?x)a       | invalid or unsupported Perl syntax: `(?x`",
        "(?)         | invalid or unsupported Perl syntax: `(?)`",
        "(a)\\1      | invalid escape sequence: `\\1`",
        "a*+         | invalid nested repetition operator: `*+`",
        "a++         | invalid nested repetition operator: `++`",
        "a?+         | invalid nested repetition operator: `?+`",
        "a{2}+       | invalid nested repetition operator: `{2}+`",
        "a**         | invalid nested repetition operator: `**`",
        "*a          | missing argument to repetition operator: `*`",
        "a{1001}     | invalid repeat count: `{1001}`",
        "a{3,2}      | invalid repeat count: `{3,2}`",
        "\\Z         | invalid escape sequence: `\\Z`",
        "\\h         | invalid escape sequence: `\\h`",
        "\\R         | invalid escape sequence: `\\R`",
        "\\C         | invalid escape sequence: `\\C`",
        "\\k<n>      | invalid escape sequence: `\\k`",
        "[\\b]       | invalid escape sequence: `\\b`",
        "\\xZZ       | invalid escape sequence: `\\xZZ`",
        "(a          | missing closing ): `(a`",
        "a)          | unexpected ): `a)`",
        "[a          | missing closing ]: `[a`",
        "[z-a]       | invalid character class range: `z-a`",
        "[[:foo:]]   | invalid character class range: `[:foo:]`",
        "\\p{Foo}    | invalid character class range: `\\p{Foo}`",
        "(?P<>a)     | invalid named capture: `(?P<>`",
        "a\\         | trailing backslash at end of expression: ``",
      })
  void of_unsupportedSyntaxRejectedWithGoMessage(String re, String message) {
    assertThatThrownBy(() -> Matcher.regex("l", re))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("error parsing regexp: " + message);
  }

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "[[:alpha:]]+       | abcXYZ   | true",
        "[[:alpha:]]+       | ab1      | false",
        "[[:^digit:]]+      | ab-      | true",
        "[[:^digit:]]+      | a1       | false",
        "[[:word:]]+        | a_1      | true",
        "[[:space:][:digit:]]+ | ' 1\t' | true",
        "[[:xdigit:]]+      | 0fA      | true",
        "[[:punct:]]        | '!'      | true",
        "[[:upper:]][[:lower:]] | Ab   | true",
        "[[:upper:]][[:lower:]] | aB   | false",
        "(?P<name>a)b       | ab       | true",
        "(?<name_1>a)b      | ab       | true",
        "\\141\\x62\\x{63}  | abc      | true",
        "a{,2}              | 'a{,2}'  | true",
        "a{2}               | aa       | true",
        "[a&&b]+            | '&&ab'   | true",
        "[a[]+              | '[a['    | true",
        "[]a]+              | ']a'     | true",
        "\\pL+\\p{Greek}    | aβ       | true",
        "\\PL               | 1        | true",
        "\\p{^Greek}        | a        | true",
        "(?U)a+             | aaa      | true",
        "(?i)abc            | AbC      | true",
        "(?i)straße         | STRASSE  | false",
        "\\Qa.b\\E          | a.b      | true",
        "\\Qa.b\\E          | axb      | false",
        "a\\z               | a        | true",
        "\\Aa               | a        | true",
        "[^\\S]            | ' '      | true",
        "[^\\S]            | a        | false",
        "[\\S]             | a        | true",
        "[^\\d\\s]         | x        | true",
        "[^\\d\\s]         | 1        | false",
        "[^\\PL]           | a        | true",
        "[^\\PL]           | 1        | false",
        "[\\p{Any}]        | '\u2028' | true",
        "'\\P{Any}|b'      | b        | true",
      })
  void matches_re2SyntaxMappedToJava(String re, String value, boolean expected) {
    assertThat(Matcher.regex("l", re).matches(value)).isEqualTo(expected);
  }

  @Test
  void matches_re2SpecialCharactersDifferFromJava() {
    // RE2's \s has no vertical tab; \v is only the vertical tab (Java: any vertical whitespace).
    assertThat(Matcher.regex("l", "\\s").matches("\u000B")).isFalse();
    assertThat(Matcher.regex("l", "\\v").matches("\u000B")).isTrue();
    assertThat(Matcher.regex("l", "\\v").matches("\n")).isFalse();
    // Without (?m), $ is end of text only; '.' matches a newline; (?-s) excludes only \n.
    assertThat(Matcher.regex("l", "a$\n").matches("a\n")).isFalse();
    assertThat(Matcher.regex("l", "(?m)a$\nb").matches("a\nb")).isTrue();
    assertThat(Matcher.regex("l", "a.b").matches("a\nb")).isTrue();
    assertThat(Matcher.regex("l", "(?-s)a.b").matches("a\nb")).isFalse();
    assertThat(Matcher.regex("l", "(?-s)a.b").matches("a\rb")).isTrue();
    assertThat(Matcher.regex("l", "(?-s:.)").matches("\u2028")).isTrue();
  }

  @Test
  void matches_fullyAnchored() {
    Matcher m = Matcher.regex("l", "a|b");
    assertThat(m.matches("a")).isTrue();
    assertThat(m.matches("ab")).isFalse();
    assertThat(Matcher.regex("l", "foo").matches("xfoo")).isFalse();
    assertThat(Matcher.notRegex("l", "foo").matches("xfoo")).isTrue();
  }

  @Test
  void setMatches_literalAlternations() {
    assertThat(Matcher.regex("l", "a|b|c").setMatches()).containsExactly("a", "b", "c");
    assertThat(Matcher.regex("l", "abc").setMatches()).containsExactly("abc");
    assertThat(Matcher.regex("l", "foo(bar|baz)").setMatches()).containsExactly("foobar", "foobaz");
    assertThat(Matcher.regex("l", "(?:a|b)(c|d)").setMatches())
        .containsExactly("ac", "ad", "bc", "bd");
    assertThat(Matcher.regex("l", "a\\.b|c").setMatches()).containsExactly("a.b", "c");
    assertThat(Matcher.regex("l", "a|a").setMatches()).containsExactly("a");
    assertThat(Matcher.regex("l", "a.*").setMatches()).isEmpty();
    assertThat(Matcher.regex("l", "(?i)a|b").setMatches()).isEmpty();
    assertThat(Matcher.regex("l", "ab?").setMatches()).isEmpty();
    assertThat(Matcher.notRegex("l", "a|b").setMatches()).isEmpty();
    assertThat(Matcher.equal("l", "a").setMatches()).isEmpty();
  }

  @Test
  void setMatches_tooManyCombinationsIsNotASet() {
    String group = "(a|b|c|d|e|f|g|h)";
    assertThat(Matcher.regex("l", group + group).setMatches()).hasSize(64);
    assertThat(Matcher.regex("l", group + group + group).setMatches()).isEmpty();
    assertThat(Matcher.regex("l", group + group + group).matches("abc")).isTrue();
  }

  @Test
  void matchesEmpty_perType() {
    assertThat(Matcher.regex("l", ".*").matchesEmpty()).isTrue();
    assertThat(Matcher.regex("l", ".+").matchesEmpty()).isFalse();
    assertThat(Matcher.regex("l", "a|").matchesEmpty()).isTrue();
    assertThat(Matcher.regex("l", "a?").matchesEmpty()).isTrue();
    assertThat(Matcher.notRegex("l", ".+").matchesEmpty()).isTrue();
    assertThat(Matcher.equal("l", "").matchesEmpty()).isTrue();
    assertThat(Matcher.equal("l", "x").matchesEmpty()).isFalse();
    assertThat(Matcher.notEqual("l", "").matchesEmpty()).isFalse();
  }

  @Test
  void strategy_fastPathsChosen() {
    assertThat(Matcher.regex("l", ".*").regexStrategy())
        .isInstanceOf(FastRegexMatcher.Anything.class);
    assertThat(Matcher.regex("l", ".+").regexStrategy())
        .isInstanceOf(FastRegexMatcher.NonEmpty.class);
    assertThat(Matcher.regex("l", "foo").regexStrategy())
        .isInstanceOf(FastRegexMatcher.Literal.class);
    assertThat(Matcher.regex("l", "a|b").regexStrategy())
        .isInstanceOf(FastRegexMatcher.LiteralSet.class);
    assertThat(Matcher.regex("l", "foo.*").regexStrategy())
        .isEqualTo(new FastRegexMatcher.PrefixSuffix("foo", "", 0));
    assertThat(Matcher.regex("l", ".+foo").regexStrategy())
        .isEqualTo(new FastRegexMatcher.PrefixSuffix("", "foo", 1));
    assertThat(Matcher.regex("l", ".*foo.+").regexStrategy())
        .isEqualTo(new FastRegexMatcher.Contains("foo", 0, 1));
    assertThat(Matcher.regex("l", "a.*b|.*c").regexStrategy())
        .isInstanceOf(FastRegexMatcher.AnyOf.class);
    assertThat(Matcher.regex("l", "foo(bar)?x").regexStrategy())
        .isInstanceOfSatisfying(
            FastRegexMatcher.Regex.class, r -> assertThat(r.requiredPrefix()).isEqualTo("foo"));
    assertThat(Matcher.regex("l", "fooo?").regexStrategy())
        .isInstanceOfSatisfying(
            FastRegexMatcher.Regex.class, r -> assertThat(r.requiredPrefix()).isEqualTo("foo"));
    assertThat(Matcher.equal("l", "x").regexStrategy()).isNull();
  }

  @Provide
  Arbitrary<String> regexes() {
    Arbitrary<String> atom =
        Arbitraries.of("a", "b", "c", "ab", "\\.", ".", ".*", ".+", "[ab]", "[^a]", "", "\n");
    return Arbitraries.recursive(
        () -> atom,
        inner ->
            Arbitraries.oneOf(
                Arbitraries.strings().ofLength(0).map(x -> ""),
                inner.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l)),
                inner.list().ofMinSize(2).ofMaxSize(3).map(l -> String.join("|", l)),
                inner.map(s -> "(" + s + ")"),
                inner.map(s -> "(?:" + s + ")"),
                inner.map(s -> "(" + s + ")?"),
                inner.map(s -> "(" + s + ")*"),
                inner.map(s -> "(?i:" + s + ")")),
        3);
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.strings().withChars("abcAB.\n").ofMaxLength(8);
  }

  /** The oracle is java.util.regex anchored by matches(); the family is valid in both dialects. */
  @Property(tries = 1000)
  void matches_agreesWithAnchoredJavaRegex(
      @ForAll("regexes") String re, @ForAll("values") String value) {
    Pattern oracle = Pattern.compile("(?s:" + re + ")");
    boolean expected = oracle.matcher(value).matches();
    assertThat(Matcher.regex("l", re).matches(value)).as("%s ~ %s", re, value).isEqualTo(expected);
    assertThat(Matcher.notRegex("l", re).matches(value)).isEqualTo(!expected);
  }

  @Property(tries = 200)
  void setMatches_areExactlyTheMatchedStrings(@ForAll("regexes") String re) {
    Matcher m = Matcher.regex("l", re);
    Pattern oracle = Pattern.compile("(?s:" + re + ")");
    for (String s : m.setMatches()) {
      assertThat(oracle.matcher(s).matches()).as("%s in set of %s", s, re).isTrue();
    }
    assertThat(m.matchesEmpty()).isEqualTo(oracle.matcher("").matches());
  }
}
