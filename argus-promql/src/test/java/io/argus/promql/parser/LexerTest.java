package io.argus.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {
  private static List<String> lex(String input) {
    return Lexer.lex(input).stream().map(t -> t.type() + ":" + t.text()).toList();
  }

  @Test
  void lex_operatorsAndNumbers() {
    assertThat(lex("1 + 0x1F*.5e3 ^ -Inf </ >/ == != >= <= < >"))
        .containsExactly(
            "NUMBER:1", "ADD:+", "NUMBER:0x1F", "MUL:*", "NUMBER:.5e3", "POW:^", "SUB:-",
            "NUMBER:Inf", "TRIM_UPPER:</", "TRIM_LOWER:>/", "EQLC:==", "NEQ:!=", "GTE:>=",
            "LTE:<=", "LSS:<", "GTR:>", "EOF:");
  }

  @Test
  void lex_keywordsAreCaseInsensitive_identifiersWithColonsAreMetricIdentifiers() {
    assertThat(lex("SUM by (a) AND job:rate:5m offset"))
        .containsExactly(
            "SUM:SUM", "BY:by", "LEFT_PAREN:(", "IDENTIFIER:a", "RIGHT_PAREN:)", "LAND:AND",
            "METRIC_IDENTIFIER:job:rate:5m", "OFFSET:offset", "EOF:");
  }

  @Test
  void lex_fillIsKeywordOnlyBeforeParenthesis() {
    assertThat(lex("fill (1) fill")).containsExactly(
        "FILL:fill", "LEFT_PAREN:(", "NUMBER:1", "RIGHT_PAREN:)", "IDENTIFIER:fill", "EOF:");
  }

  @Test
  void lex_insideBraces_matchOperatorsAndStrings() {
    assertThat(lex("{a=~'x',b!~\"y\",`c`!=`z`}"))
        .containsExactly(
            "LEFT_BRACE:{", "IDENTIFIER:a", "EQL_REGEX:=~", "STRING:'x'", "COMMA:,",
            "IDENTIFIER:b", "NEQ_REGEX:!~", "STRING:\"y\"", "COMMA:,", "STRING:`c`", "NEQ:!=",
            "STRING:`z`", "RIGHT_BRACE:}", "EOF:");
  }

  @Test
  void lex_insideBrackets_durationsAndDurationKeywords() {
    assertThat(lex("x[1h30m:step()]"))
        .containsExactly(
            "IDENTIFIER:x", "LEFT_BRACKET:[", "DURATION:1h30m", "COLON::", "STEP:step",
            "LEFT_PAREN:(", "RIGHT_PAREN:)", "RIGHT_BRACKET:]", "EOF:");
  }

  @Test
  void lex_comments_runToEndOfLine() {
    assertThat(lex("a # note { [\nb"))
        .containsExactly("IDENTIFIER:a", "COMMENT:# note { [", "IDENTIFIER:b", "EOF:");
  }

  @Test
  void lex_errors_endTheTokenList() {
    assertThat(lex("a{b=\"\\q\"}"))
        .last()
        .isEqualTo("ERROR:unknown escape sequence U+0071 'q'");
    assertThat(lex("5mm")).containsExactly("ERROR:bad number or duration syntax: \"5mm\"");
    assertThat(lex("x[5m")).last().isEqualTo("ERROR:unclosed left bracket");
    assertThat(lex("a ! b")).last().isEqualTo("ERROR:unexpected character after '!': ' '");
    assertThat(lex("\"abc")).last().isEqualTo("ERROR:unterminated quoted string");
    assertThat(lex("x[\"5m\"]"))
        .last()
        .isEqualTo("ERROR:unexpected character in duration expression: '\"'");
  }
}
